package dev.gantry.server;

import dev.gantry.server.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the PEM files of {@code --tls-cert} and {@code --tls-key} with nothing but the JDK. */
final class PemFiles {
    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemFiles() {}

    static List<X509Certificate> certificates(Path path) {
        try (var in = Files.newInputStream(path)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot read the certificate chain in " + path + ": " + e.getMessage());
        }
    }

    /** A PKCS#8 key ({@code BEGIN PRIVATE KEY}), RSA or EC; {@code openssl pkcs8 -topk8 -nocrypt} converts others. */
    static PrivateKey privateKey(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException("cannot read the private key in " + path + ": " + e.getMessage());
        }
        Matcher matcher = PRIVATE_KEY.matcher(text);
        if (!matcher.find()) {
            throw new ConfigException(path + " holds no PKCS#8 private key (BEGIN PRIVATE KEY); convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1).getBytes(StandardCharsets.US_ASCII));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException("the private key in " + path + " is not an RSA, EC or Ed25519 key");
    }
}
