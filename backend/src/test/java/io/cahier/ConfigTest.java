package io.cahier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaultsServeALaptopWorkshop() {
        Config config = Config.from(Map.of(), new String[0]);
        assertEquals(8080, config.port());
        assertEquals(Path.of("./cahier-data"), config.dataDir());
    }

    @Test
    void flagsWinOverEnvironment() {
        Config config = Config.from(Map.of("CAHIER_PORT", "9000", "CAHIER_DATA_DIR", "/tmp/a"),
                new String[] {"--port=9100"});
        assertEquals(9100, config.port());
        assertEquals(Path.of("/tmp/a"), config.dataDir());
    }

    @Test
    void badPortIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Config.from(Map.of("CAHIER_PORT", "eighty"), new String[0]));
        assertTrue(e.getMessage().contains("CAHIER_PORT"));
        assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of(), new String[] {"--port", "70000"}));
        assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of(), new String[] {"stray"}));
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresqlIsAClearError() {
        for (String url : new String[] {"mysql://u@h/db", "postgresql://", "localhost:5432/cahier"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Config.from(Map.of("CAHIER_DB_URL", url), new String[0]), url);
            assertTrue(e.getMessage().contains("postgresql://user:password@host:port/database"), e.getMessage());
        }
    }

    @Test
    void aDatabasePasswordNeverAppearsInMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Config.from(Map.of("CAHIER_DB_URL", "postgres://ana:s3cret@db:notaport/x"), new String[0]));
        assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aNodeIdIsReadableAndChecked() {
        assertTrue(Config.from(Map.of(), new String[0]).nodeId().matches("[A-Za-z0-9._-]+-[a-z0-9]{6}"));
        assertEquals("cahier-2", Config.from(Map.of("CAHIER_NODE_ID", "cahier-2"), new String[0]).nodeId());
        assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of(), new String[] {"--node-id", "two words"}));
    }
}
