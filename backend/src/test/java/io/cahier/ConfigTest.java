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
}
