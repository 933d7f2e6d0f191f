package dev.mycelium.app.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP echo server for harness self-tests, run as its own process in a namespace: {@code TcpEcho ADDR:PORT}. */
public final class TcpEcho {

    private TcpEcho() {
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(DelayProxy.parse(args[0]));
            System.out.println("ready " + args[0]);
            System.out.flush();
            while (true) {
                Socket s = server.accept();
                Thread t = new Thread(() -> echo(s), "echo");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void echo(Socket s) {
        byte[] buf = new byte[8192];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // client gone
        }
    }
}
