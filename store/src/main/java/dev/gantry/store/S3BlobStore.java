package dev.gantry.store;

import dev.gantry.engine.blob.BlobKeys;
import dev.gantry.engine.blob.BlobOffsetGapException;
import dev.gantry.engine.blob.BlobStore;
import dev.gantry.engine.blob.BlobStoreException;
import dev.gantry.engine.blob.UnknownBlockException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs in one bucket of an S3-compatible service. The object layout:
 * <ul>
 *   <li>{@code <key>}: a blob written whole ({@link #put}, {@link #commitBlocks}).
 *   <li>{@code .appends/<key>/<offset, 20 digits>}: one object per {@link #append}, named by the
 *       offset it starts at. S3 cannot append to an object, and rewriting a growing log on every
 *       chunk would cost its whole size each time; a chunk object per append costs one PUT, and a
 *       resend of the same chunk rewrites the same name with the same bytes. The blob is the
 *       whole object (if any) followed by its chunks in offset order; the size is one HEAD plus one
 *       LIST, and reading streams the chunks one after another.
 *   <li>{@code .staging/<key>/<hex of the block id>}: staged blocks, each an object of its own.
 *       Not an S3 multipart upload: blocks arrive by id, out of order, may be re-sent or left out,
 *       and may be smaller than S3's 5 MiB part minimum, while part numbers must be fixed when a
 *       part is sent. Committing streams the listed blocks through one multipart {@link #put}.
 * </ul>
 * Keys never start with {@code .} ({@link BlobKeys}), so these names cannot collide with a key.
 *
 * <p>Writes of unknown length read the stream one part at a time ({@code partSize}, at least
 * S3's 5 MiB) into one buffer: one part is a plain PUT, more become a multipart upload, aborted
 * if the stream fails so nothing becomes visible. With 10,000 parts at most, 8 MiB parts allow
 * blobs up to 78 GiB.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    /** S3's smallest part but the last. */
    public static final int MINIMUM_PART_SIZE = 5 * 1024 * 1024;

    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

    private static final String APPENDS = ".appends/";
    private static final String STAGING = ".staging/";
    private static final Pattern CHUNK = Pattern.compile("\\.appends/(.+)/[0-9]{20}");

    private final S3Client client;
    private final String bucket;
    private final int partSize;

    public S3BlobStore(S3Client client, String bucket, int partSize) {
        this.client = Objects.requireNonNull(client, "client");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        if (partSize < MINIMUM_PART_SIZE) {
            throw new IllegalArgumentException("parts must be at least " + MINIMUM_PART_SIZE + " bytes: " + partSize);
        }
        this.partSize = partSize;
    }

    /** A client for {@code settings}; the caller closes it (closing the store does). */
    public static S3Client client(S3Settings settings) {
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .forcePathStyle(settings.pathStyle())
                // The SDK's default trailing checksums use aws-chunked uploads that many
                // S3-compatible services (s3proxy, older MinIO and Ceph) refuse.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public long put(String key, InputStream content) {
        BlobKeys.check(key);
        long size = write(key, content);
        // A put replaces the blob: chunks of earlier appends would otherwise follow it.
        deleteObjects(chunks(key).stream().map(S3Object::key).toList());
        return size;
    }

    @Override
    public long append(String key, long offset, InputStream content) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        List<Segment> segments = segments(key);
        long size = segments.stream().mapToLong(Segment::size).sum();
        if (offset > size) {
            throw new BlobOffsetGapException(key, offset, size);
        }
        try {
            // A resend: the bytes before the current end are already there.
            long skipped = content.skip(size - offset);
            while (skipped < size - offset) {
                if (content.read() < 0) {
                    return size;
                }
                skipped++;
            }
            PushbackInputStream rest = new PushbackInputStream(content, 1);
            int first = rest.read();
            if (first < 0 && !segments.isEmpty()) {
                return size;
            }
            if (first >= 0) {
                rest.unread(first);
            }
            return size + write(APPENDS + key + "/" + "%020d".formatted(size), rest);
        } catch (IOException e) {
            throw new BlobStoreException("cannot append to blob " + key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        return open(key, 0, Long.MAX_VALUE);
    }

    @Override
    public Optional<InputStream> open(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
        List<Segment> segments = segments(key);
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        long end = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length;
        List<Supplier<InputStream>> parts = new ArrayList<>();
        long start = 0;
        for (Segment segment : segments) {
            long from = Math.max(offset, start);
            long to = Math.min(end, start + segment.size());
            if (from < to) {
                long first = from - start;
                long last = to - start - 1;
                parts.add(() -> get(segment.objectKey(), first, last));
            }
            start += segment.size();
        }
        return Optional.of(new SequenceInputStream(lazily(parts)));
    }

    @Override
    public Optional<Long> size(String key) {
        List<Segment> segments = segments(key);
        return segments.isEmpty() ? Optional.empty() : Optional.of(segments.stream().mapToLong(Segment::size).sum());
    }

    @Override
    public boolean delete(String key) {
        List<Segment> segments = segments(key);
        deleteObjects(segments.stream().map(Segment::objectKey).toList());
        return !segments.isEmpty();
    }

    @Override
    public List<String> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        TreeSet<String> keys = new TreeSet<>();
        for (S3Object object : objects(prefix, false)) {
            if (BlobKeys.isKey(object.key())) {
                keys.add(object.key());
            }
        }
        for (S3Object chunk : objects(APPENDS + prefix, false)) {
            // Only chunks: some services also list "directory" marker objects ending in "/".
            Matcher name = CHUNK.matcher(chunk.key());
            if (name.matches()) {
                keys.add(name.group(1));
            }
        }
        return List.copyOf(keys);
    }

    @Override
    public long putBlock(String key, String blockId, InputStream content) {
        return write(blocks(key) + BlobKeys.blockName(blockId), content);
    }

    @Override
    public long commitBlocks(String key, List<String> blockIds) {
        Map<String, S3Object> staged = new HashMap<>();
        for (S3Object block : objects(blocks(key), true)) {
            staged.put(block.key(), block);
        }
        List<Supplier<InputStream>> parts = new ArrayList<>();
        for (String blockId : blockIds) {
            String objectKey = blocks(key) + BlobKeys.blockName(blockId);
            S3Object block = staged.get(objectKey);
            if (block == null) {
                throw new UnknownBlockException(key, blockId);
            }
            if (block.size() > 0) {
                parts.add(() -> get(objectKey, 0, block.size() - 1));
            }
        }
        long size;
        try (InputStream content = new SequenceInputStream(lazily(parts))) {
            size = put(key, content);
        } catch (IOException e) {
            throw new BlobStoreException("cannot read the blocks of blob " + key, e);
        }
        discardBlocks(key);
        return size;
    }

    @Override
    public void discardBlocks(String key) {
        deleteObjects(objects(blocks(key), true).stream().map(S3Object::key).toList());
    }

    @Override
    public void close() {
        client.close();
    }

    /** One object of a blob: the whole-written object, or one append's chunk. */
    private record Segment(String objectKey, long size) {}

    /** The objects that make up the blob, in order; empty when there is no such blob. */
    private List<Segment> segments(String key) {
        BlobKeys.check(key);
        List<Segment> segments = new ArrayList<>();
        try {
            segments.add(new Segment(key, call(key, () -> client.headObject(request -> request.bucket(bucket).key(key)).contentLength())));
        } catch (NoSuchKeyException absent) {
            // Only appended, or no blob at all.
        } catch (BlobStoreException e) {
            if (!(e.getCause() instanceof S3Exception s3) || s3.statusCode() != 404) {
                throw e;
            }
        }
        for (S3Object chunk : chunks(key)) {
            segments.add(new Segment(chunk.key(), chunk.size()));
        }
        return segments;
    }

    /** The key's append chunks; their zero-padded names sort by offset. */
    private List<S3Object> chunks(String key) {
        return objects(APPENDS + BlobKeys.check(key) + "/", true);
    }

    private static String blocks(String key) {
        return STAGING + BlobKeys.check(key) + "/";
    }

    /**
     * Objects whose names start with {@code prefix}, in name order. {@code direct} leaves out
     * deeper names ({@code prefix/a/b}): the chunks of {@code a} are not those of {@code a/b}.
     */
    private List<S3Object> objects(String prefix, boolean direct) {
        return call(prefix, () -> {
            List<S3Object> objects = new ArrayList<>();
            client.listObjectsV2Paginator(request -> {
                        request.bucket(bucket).prefix(prefix);
                        if (direct) {
                            request.delimiter("/");
                        }
                    })
                    .contents()
                    .forEach(objects::add);
            return objects;
        });
    }

    private InputStream get(String objectKey, long first, long last) {
        return call(objectKey, () -> client.getObject(request -> request.bucket(bucket).key(objectKey).range("bytes=" + first + "-" + last)));
    }

    private void deleteObjects(List<String> objectKeys) {
        // One DeleteObject each rather than a DeleteObjects batch: the SDK must checksum a batch,
        // and S3-compatible services (s3proxy among them) refuse its CRC32 header.
        for (String objectKey : objectKeys) {
            call(objectKey, () -> client.deleteObject(request -> request.bucket(bucket).key(objectKey)));
        }
    }

    /**
     * Writes {@code content} to one object, a part at a time. Nothing is visible until the last
     * request: the PUT, or the multipart upload's completion.
     */
    private long write(String objectKey, InputStream content) {
        byte[] buffer = new byte[partSize];
        int read = readPart(objectKey, content, buffer);
        if (read < partSize) {
            call(objectKey, () -> client.putObject(request -> request.bucket(bucket).key(objectKey), body(buffer, read)));
            return read;
        }
        String uploadId = call(objectKey, () -> client.createMultipartUpload(request -> request.bucket(bucket).key(objectKey)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = 0;
            int length = read;
            while (length > 0) {
                int number = parts.size() + 1;
                int partLength = length;
                String etag = call(objectKey, () -> client.uploadPart(
                        request -> request.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(number),
                        body(buffer, partLength)).eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                size += length;
                length = length < partSize ? 0 : readPart(objectKey, content, buffer);
            }
            call(objectKey, () -> client.completeMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts))));
            return size;
        } catch (RuntimeException | Error e) {
            try {
                client.abortMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId));
            } catch (SdkException abortFailed) {
                // The bucket's lifecycle rule for incomplete uploads is the last resort.
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private static int readPart(String objectKey, InputStream content, byte[] buffer) {
        try {
            return content.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new BlobStoreException("cannot read the content of " + objectKey, e);
        }
    }

    /** The buffer's first {@code length} bytes; a ByteArrayInputStream can be reset for the SDK's retries. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length);
    }

    /** Runs one S3 request; its failure becomes a {@link BlobStoreException} naming what it was about. */
    private static <T> T call(String about, Supplier<T> request) {
        try {
            return request.get();
        } catch (NoSuchKeyException absent) {
            throw absent;
        } catch (SdkException e) {
            throw new BlobStoreException("S3 request about " + about + " failed: " + e.getMessage(), e);
        }
    }

    /** Opens each stream only when the previous one is used up, so a long blob holds one connection at a time. */
    private static Enumeration<InputStream> lazily(List<Supplier<InputStream>> streams) {
        Iterator<Supplier<InputStream>> next = streams.iterator();
        return new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return next.next().get();
            }
        };
    }
}
