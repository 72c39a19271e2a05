package dev.gantry.runner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code download-artifact} finds a run's artifacts: this job's run through the results
 * service ({@link ArtifactClient}), or another run through the REST API with a token
 * ({@link RestArtifactSource}). Both end in a GET of a signed link to the same bytes.
 */
interface ArtifactSource {
    /** The run's artifacts (of {@code name} only, when given). */
    List<Listed> list(Optional<String> name) throws ResultsService.ResultsException, IOException, InterruptedException;

    /** Opens the artifact's content; the caller closes the body. */
    Download open(Listed artifact) throws ResultsService.ResultsException, IOException, InterruptedException;

    /** An artifact as a listing shows it; {@code digest} is null when its uploader sent none. */
    record Listed(long id, String name, long size, String digest) {
    }

    /** A download's answer: whether it is a zip, the file name a raw one is saved as, the body. */
    record Download(boolean zip, String fileName, InputStream body) {
        private static final Pattern FILE_NAME_STAR = Pattern.compile("filename\\*\\s*=\\s*UTF-8''([^;\\r\\n]*)", Pattern.CASE_INSENSITIVE);

        /** Reads the blob's answer: zip or not by its type, a raw file's name from its disposition (else {@code name}). */
        static Download of(HttpResponse<InputStream> response, String name) {
            String type = response.headers().firstValue("Content-Type").orElse("").split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            boolean zip = type.equals("application/zip") || type.equals("application/x-zip-compressed")
                    || type.equals("application/zip-compressed");
            String fileName = response.headers().firstValue("Content-Disposition")
                    .map(FILE_NAME_STAR::matcher).filter(Matcher::find)
                    .map(found -> Path.of(URLDecoder.decode(found.group(1).strip(), StandardCharsets.UTF_8)).getFileName().toString())
                    .orElse(name);
            return new Download(zip, fileName, response.body());
        }
    }
}
