package dev.gantry.api.artifacts;

import dev.gantry.engine.GantryException;
import dev.gantry.engine.artifacts.Artifact;
import dev.gantry.engine.artifacts.Artifacts;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The artifact bytes behind the signed links of {@link ArtifactLinks}: uploads as the Azure Blob
 * SDK inside {@code @actions/artifact} sends them (Put Blob, Put Block {@code comp=block}, Put Block
 * List {@code comp=blocklist}, each answered 201 as Azure does, errors as Azure's XML with
 * {@code x-ms-error-code}), and downloads streamed from the blob store with their length, type and
 * file name. The signature is the only credential, as with a SAS URL.
 */
public final class ArtifactBlobService implements HttpService {
    /** A block list names at most 50,000 ids of at most 64 characters (Azure's limits), so this is plenty. */
    private static final int MAX_BLOCK_LIST_BYTES = 8 * 1024 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Artifacts artifacts;
    private final ArtifactLinks links;

    public ArtifactBlobService(Artifacts artifacts, ArtifactLinks links) {
        this.artifacts = artifacts;
        this.links = links;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.put(ArtifactLinks.PREFIX + "/{repository}/{artifact}/upload", this::upload)
                .get(ArtifactLinks.PREFIX + "/{repository}/{artifact}/download", this::download);
    }

    private void upload(ServerRequest request, ServerResponse response) throws IOException {
        Optional<long[]> ids = verified(request);
        if (ids.isEmpty()) {
            azureError(response, 403, "AuthenticationFailed", "The link has expired or its signature is not valid.");
            return;
        }
        Optional<Artifact> pending = artifacts.pending(ids.get()[0], ids.get()[1]);
        if (pending.isEmpty()) {
            azureError(response, 404, "BlobNotFound", "No upload of this artifact is in progress (finalized or deleted).");
            return;
        }
        String comp = request.query().first("comp").orElse("");
        try (InputStream body = request.content().inputStream()) {
            switch (comp) {
                case "block" -> {
                    String blockId = request.query().first("blockid").orElse("");
                    if (blockId.isEmpty()) {
                        azureError(response, 400, "InvalidQueryParameterValue", "Put Block needs a blockid.");
                        return;
                    }
                    artifacts.stageBlock(pending.get(), blockId, body);
                }
                case "blocklist" -> artifacts.commitBlocks(pending.get(), blockList(body));
                case "" -> artifacts.put(pending.get(), body);
                default -> {
                    azureError(response, 400, "InvalidQueryParameterValue", "comp=" + comp + " is not supported here.");
                    return;
                }
            }
        } catch (GantryException e) {
            azureError(response, 400, comp.equals("blocklist") ? "InvalidBlockList" : "InvalidInput", e.getMessage());
            return;
        } catch (XMLStreamException e) {
            azureError(response, 400, "InvalidXmlDocument", "The block list is not valid XML.");
            return;
        }
        response.status(Status.CREATED_201);
        response.header(HeaderNames.ETAG, "\"" + UUID.randomUUID() + "\"");
        response.header(HeaderNames.LAST_MODIFIED, HTTP_DATE.format(artifacts.now()));
        response.header("x-ms-request-id", UUID.randomUUID().toString());
        response.header("x-ms-version", "2024-08-04");
        response.header("x-ms-request-server-encrypted", "false");
        response.send();
    }

    private void download(ServerRequest request, ServerResponse response) throws IOException {
        Optional<long[]> ids = verified(request);
        if (ids.isEmpty()) {
            azureError(response, 403, "AuthenticationFailed", "The link has expired or its signature is not valid.");
            return;
        }
        Artifact artifact;
        InputStream content;
        try {
            artifact = artifacts.get(ids.get()[0], ids.get()[1]);
            content = artifacts.open(artifact);
        } catch (GantryException e) {
            azureError(response, 404, "BlobNotFound", "The artifact has expired or was deleted.");
            return;
        }
        try (InputStream in = content) {
            response.header(HeaderNames.CONTENT_TYPE, artifact.contentType());
            response.header(HeaderNames.CONTENT_LENGTH, Long.toString(artifact.size()));
            response.header(HeaderNames.CONTENT_DISPOSITION, contentDisposition(artifact.fileName()));
            try (OutputStream out = response.outputStream()) {
                in.transferTo(out);
            }
        }
    }

    /** {@code attachment} with an ASCII fallback name and the exact name in RFC 5987 form, which download-artifact prefers. */
    static String contentDisposition(String fileName) {
        String ascii = fileName.replaceAll("[^\\x20-\\x7e]|[\"\\\\;]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The ids of an Azure Put Block List body ({@code <BlockList><Latest>id</Latest>…}), in order. */
    static List<String> blockList(InputStream body) throws IOException, XMLStreamException {
        byte[] bytes = body.readNBytes(MAX_BLOCK_LIST_BYTES + 1);
        if (bytes.length > MAX_BLOCK_LIST_BYTES) {
            throw new XMLStreamException("block list too large");
        }
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // No DTDs, no external entities: the body is untrusted.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        XMLStreamReader reader = factory.createXMLStreamReader(new java.io.ByteArrayInputStream(bytes));
        List<String> ids = new ArrayList<>();
        boolean sawList = false;
        while (reader.hasNext()) {
            if (reader.next() != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String element = reader.getLocalName();
            if (element.equals("BlockList")) {
                sawList = true;
            } else if (element.equals("Latest") || element.equals("Committed") || element.equals("Uncommitted")) {
                ids.add(reader.getElementText().strip());
            }
        }
        if (!sawList) {
            throw new XMLStreamException("no BlockList element");
        }
        return ids;
    }

    /** The repository and artifact ids of a link whose signature holds for this very path. */
    private Optional<long[]> verified(ServerRequest request) {
        if (!links.verify(request.path().rawPath(), request.query().first("expires").orElse(null),
                request.query().first("signature").orElse(null))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new long[] {Long.parseLong(request.path().pathParameters().get("repository")),
                    Long.parseLong(request.path().pathParameters().get("artifact"))});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void azureError(ServerResponse response, int status, String code, String message) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/xml");
        response.header("x-ms-error-code", code);
        String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        response.send("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + escaped
                + "</Message></Error>");
    }
}
