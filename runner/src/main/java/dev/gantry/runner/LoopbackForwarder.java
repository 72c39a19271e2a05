package dev.gantry.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a job's {@code GITHUB_SERVER_URL} reachable when its host is a {@code *.localhost} name
 * (which the server uses because {@code @actions/artifact} and {@code @actions/cache} only treat
 * {@code github.com}, {@code *.ghe.com} and {@code *.localhost} as "not GHES") but the server is
 * not on this machine's loopback at that port: curl and git resolve {@code *.localhost} to
 * 127.0.0.1 by themselves, so a TCP forwarder there, to the server's real address, lets steps use
 * the URL as given. Listens on loopback only, for one job.
 */
final class LoopbackForwarder implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private LoopbackForwarder(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
        Thread.ofVirtual().name("loopback-forwarder").start(this::accept);
    }

    /**
     * A forwarder for a job whose server URL is {@code jobServerUrl}, to the server this runner
     * registered with; empty when none is needed (not a {@code .localhost} host, or the server
     * already answers on loopback at that port).
     *
     * @throws IOException when the port is taken by something else
     */
    static Optional<LoopbackForwarder> forJob(URI jobServerUrl, URI registeredServerUrl) throws IOException {
        String host = jobServerUrl.getHost() == null ? "" : jobServerUrl.getHost().toLowerCase(Locale.ROOT);
        if (!host.endsWith(".localhost")) {
            return Optional.empty();
        }
        int port = port(jobServerUrl);
        InetSocketAddress target = new InetSocketAddress(registeredServerUrl.getHost(), port(registeredServerUrl));
        InetAddress targetAddress = target.getAddress();
        if (targetAddress != null && targetAddress.isLoopbackAddress() && target.getPort() == port) {
            return Optional.empty();
        }
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + " for " + jobServerUrl + ": " + e.getMessage(), e);
        }
        return Optional.of(new LoopbackForwarder(listener, target));
    }

    private static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().name("loopback-forwarder-connection").start(() -> connect(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        open.add(client);
        try (client; Socket server = new Socket(target.getHostString(), target.getPort())) {
            open.add(server);
            Thread upstream = Thread.ofVirtual().start(() -> pump(client, server));
            pump(server, client);
            upstream.join();
            open.remove(server);
        } catch (IOException e) {
            // The server is unreachable: the client sees its connection closed, as it would without us.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    /** Copies {@code from} to {@code to} until end of stream, then half-closes {@code to}. */
    private void pump(Socket from, Socket to) {
        // The streams are not closed here: closing a socket's stream closes the socket, and the
        // other direction may still be carrying the answer. connect() closes both sockets.
        try {
            InputStream input = from.getInputStream();
            OutputStream output = to.getOutputStream();
            input.transferTo(output);
            to.shutdownOutput();
        } catch (IOException e) {
            // One side went away; closing both ends the other direction too.
            closeQuietly(from);
            closeQuietly(to);
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
        open.forEach(LoopbackForwarder::closeQuietly);
    }
}
