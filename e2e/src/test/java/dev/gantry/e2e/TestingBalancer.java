package dev.gantry.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP load balancer on loopback in front of server nodes, as small as a test needs: it forwards
 * each connection to the node it currently points at. Pointing it elsewhere drops the connections
 * it holds, as a balancer does when its health check takes a dead node out, so clients reconnect
 * (to the new node).
 */
final class TestingBalancer implements AutoCloseable {
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int targetPort;

    private TestingBalancer(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    static TestingBalancer to(int targetPort) {
        try {
            TestingBalancer balancer = new TestingBalancer(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), targetPort);
            Thread.ofVirtual().name("balancer-accept").start(balancer::accept);
            return balancer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the address clients (and the nodes' public URL) use. */
    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Sends new connections to {@code port} and drops the current ones. */
    void pointTo(int port) {
        targetPort = port;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().start(() -> forward(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void forward(Socket client) {
        open.add(client);
        try (client; Socket node = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            open.add(node);
            Thread upstream = Thread.ofVirtual().start(() -> pipe(client, node));
            pipe(node, client);
            upstream.join();
        } catch (IOException | InterruptedException e) {
            // The node is gone or the connection was dropped: the client sees a closed connection.
        } finally {
            open.remove(client);
        }
    }

    private void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[64 << 10];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // Either side closed.
        } finally {
            // Half a connection is no use to HTTP: end both.
            closeQuietly(from);
            closeQuietly(to);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        pointTo(targetPort);
    }
}
