package io.cahier.http;

/**
 * Who is making a request or holds a connection, resolved once per request or per WebSocket
 * upgrade by {@link Principals}. Until accounts exist every principal is a guest.
 */
public record Principal(String id, String name, String discipline, boolean guest) {
}
