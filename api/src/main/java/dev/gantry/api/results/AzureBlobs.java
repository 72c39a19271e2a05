package dev.gantry.api.results;

import dev.gantry.engine.GantryException;
import dev.gantry.engine.blob.BlobCopy;
import dev.gantry.engine.blob.BlockUploads;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Blobs behind signed links, as the Azure Blob SDK inside {@code @actions/artifact} and
 * {@code @actions/cache} uploads them, whatever the host, and as they download them (a plain GET
 * answering 200 with {@code Content-Length}). Uploads: Put Blob, Put Block ({@code comp=block},
 * any order, several at once) and Put Block List ({@code comp=blocklist}), each answered 201 as
 * Azure does (200 fails the SDK), errors as Azure's XML with {@code x-ms-error-code}. Artifacts
 * and caches differ only in their links, in which upload a link names ({@link InProgress}) and in
 * what a download carries ({@link Download}).
 */
public final class AzureBlobs {
    /** A block list names at most 50,000 ids of at most 64 characters (Azure's limits), so this is plenty. */
    private static final int MAX_BLOCK_LIST_BYTES = 8 * 1024 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** The upload in progress that a verified link names; empty once it has finished or was deleted. */
    @FunctionalInterface
    public interface InProgress {
        Optional<BlockUploads.Upload> find(SignedBlobLinks.Named named);
    }

    /** A blob to send: its bytes (the caller's stream, closed here), length, type and optional file name header. */
    public record Download(InputStream content, long size, String contentType, Optional<String> contentDisposition) {
    }

    /** Opens what a verified link names; a {@link GantryException} when it is gone. */
    @FunctionalInterface
    public interface Opener {
        Download open(SignedBlobLinks.Named named);
    }

    private final Clock clock;

    public AzureBlobs(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Answers one upload request to a link of {@code links}: 403 unless its signature holds, 404
     * unless it names an upload in progress, else Azure's answer.
     */
    public void upload(ServerRequest request, ServerResponse response, SignedBlobLinks links, InProgress inProgress)
            throws IOException {
        Optional<SignedBlobLinks.Named> named = links.verify(request);
        if (named.isEmpty()) {
            error(response, 403, "AuthenticationFailed", "The link has expired or its signature is not valid.");
            return;
        }
        Optional<BlockUploads.Upload> upload = inProgress.find(named.get());
        if (upload.isEmpty()) {
            error(response, 404, "BlobNotFound", "No upload of this blob is in progress (finished or deleted).");
            return;
        }
        upload(request, response, upload.get());
    }

    private void upload(ServerRequest request, ServerResponse response, BlockUploads.Upload target) throws IOException {
        String comp = request.query().first("comp").orElse("");
        try (InputStream body = request.content().inputStream()) {
            switch (comp) {
                case "block" -> {
                    String blockId = request.query().first("blockid").orElse("");
                    if (blockId.isEmpty()) {
                        error(response, 400, "InvalidQueryParameterValue", "Put Block needs a blockid.");
                        return;
                    }
                    target.stageBlock(blockId, body);
                }
                case "blocklist" -> target.commitBlocks(blockList(body));
                case "" -> target.put(body);
                default -> {
                    error(response, 400, "InvalidQueryParameterValue", "comp=" + comp + " is not supported here.");
                    return;
                }
            }
        } catch (GantryException e) {
            error(response, 400, comp.equals("blocklist") ? "InvalidBlockList" : "InvalidInput", e.getMessage());
            return;
        } catch (XMLStreamException e) {
            error(response, 400, "InvalidXmlDocument", "The block list is not valid XML.");
            return;
        }
        response.status(Status.CREATED_201);
        response.header(HeaderNames.ETAG, "\"" + UUID.randomUUID() + "\"");
        response.header(HeaderNames.LAST_MODIFIED, HTTP_DATE.format(clock.instant()));
        response.header("x-ms-request-id", UUID.randomUUID().toString());
        response.header("x-ms-version", "2024-08-04");
        response.header("x-ms-request-server-encrypted", "false");
        response.send();
    }

    /**
     * Answers one download request to a link of {@code links}: 403 unless its signature holds, 404
     * with {@code goneMessage} when the blob is gone, else its bytes streamed with their length.
     */
    public void download(ServerRequest request, ServerResponse response, SignedBlobLinks links, String goneMessage, Opener opener)
            throws IOException {
        Optional<SignedBlobLinks.Named> named = links.verify(request);
        if (named.isEmpty()) {
            error(response, 403, "AuthenticationFailed", "The link has expired or its signature is not valid.");
            return;
        }
        Download download;
        try {
            download = opener.open(named.get());
        } catch (GantryException e) {
            error(response, 404, "BlobNotFound", goneMessage);
            return;
        }
        try (InputStream in = download.content()) {
            response.header(HeaderNames.CONTENT_TYPE, download.contentType());
            response.header(HeaderNames.CONTENT_LENGTH, Long.toString(download.size()));
            download.contentDisposition().ifPresent(value -> response.header(HeaderNames.CONTENT_DISPOSITION, value));
            try (OutputStream out = response.outputStream()) {
                BlobCopy.copy(in, out);
            }
        }
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
        XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
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

    /** Azure's error shape, which the SDK reads for its message. */
    public static void error(ServerResponse response, int status, String code, String message) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/xml");
        response.header("x-ms-error-code", code);
        String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        response.send("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + escaped
                + "</Message></Error>");
    }
}
