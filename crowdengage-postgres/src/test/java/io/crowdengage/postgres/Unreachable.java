package io.crowdengage.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port nothing listens on, for tests of an unreachable database. */
final class Unreachable {
    private Unreachable() {
    }

    /** A port that was free a moment ago: connecting to it is refused at once. */
    static int port() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
