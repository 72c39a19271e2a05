package dev.gantry.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * HTTPS in front of a plain-HTTP Gantry, as an operator's TLS-terminating proxy (nginx) is: it
 * passes the bytes of each connection through unchanged. For clients that only speak HTTPS to a
 * GitHub Enterprise host ({@code gh}), while the test's runners and git keep the plain URL.
 * The certificate is made with {@code openssl} for {@code 127.0.0.1}; clients trust
 * {@link #certificate()}.
 */
final class TestingTlsFront implements AutoCloseable {
    private final ServerSocket listener;
    private final Path certificate;
    private final Thread acceptor;

    private TestingTlsFront(ServerSocket listener, Path certificate, int backendPort) {
        this.listener = listener;
        this.certificate = certificate;
        this.acceptor = Thread.ofPlatform().daemon().name("tls-front").start(() -> accept(backendPort));
    }

    /** Makes a certificate in {@code directory} and listens on a free port of 127.0.0.1. */
    static TestingTlsFront start(Path directory, int backendPort) {
        try {
            Files.createDirectories(directory);
            Path certificate = directory.resolve("cert.pem");
            Path key = directory.resolve("key.pem");
            Path keyStore = directory.resolve("front.p12");
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key.toString(), "-out", certificate.toString());
            openssl("pkcs12", "-export", "-in", certificate.toString(), "-inkey", key.toString(), "-out", keyStore.toString(),
                    "-passout", "pass:front");
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, "front".toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "front".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            ServerSocket listener = context.getServerSocketFactory().createServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new TestingTlsFront(listener, certificate, backendPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 127.0.0.1:PORT}: the host name a GitHub Enterprise client is given. */
    String host() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    Path certificate() {
        return certificate;
    }

    private void accept(int backendPort) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                Thread.ofVirtual().start(() -> pipe(client, backend));
                Thread.ofVirtual().start(() -> pipe(backend, client));
            } catch (IOException e) {
                // Closed, or one connection failed: the next accept decides.
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // The other side closed.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    private static void openssl(String... arguments) throws IOException {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("openssl " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        acceptor.interrupt();
    }
}
