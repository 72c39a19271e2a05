package dev.gantry.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonGeneratorImpl;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * GitHub's JSON: snake_case field names from record components, nulls written out (GitHub's
 * schemas require many nullable fields to be present), timestamps as {@code 2026-01-02T03:04:05Z}.
 */
public final class Json {
    private Json() {}

    public static ObjectMapper newMapper() {
        SimpleModule gitHub = new SimpleModule("github");
        gitHub.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(timestamp(value));
            }
        });
        gitHub.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                return description.getBeanClass().isAnnotationPresent(RepeatedInAnswers.class)
                        ? new WrittenOnce((JsonSerializer<Object>) serializer)
                        : serializer;
            }
        });
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(gitHub)
                .build();
    }

    /**
     * Writes each {@link RepeatedInAnswers} object once per answer: the first time into a buffer
     * kept for this serialization (a per-call attribute, so nothing outlives the answer), every
     * time as those bytes. Keyed by identity, so only the very same object is copied. Trees
     * ({@code valueToTree}) and other non-text generators get the plain serializer, so they hold
     * real nodes, not raw text.
     */
    private static final class WrittenOnce extends JsonSerializer<Object> implements ContextualSerializer, ResolvableSerializer {
        private static final Object WRITTEN = new Object();

        private final JsonSerializer<Object> plain;

        WrittenOnce(JsonSerializer<Object> plain) {
            this.plain = plain;
        }

        @Override
        public void serialize(Object value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (!(generator instanceof JsonGeneratorImpl) || !(generator.getCodec() instanceof ObjectMapper mapper)) {
                plain.serialize(value, generator, provider);
                return;
            }
            @SuppressWarnings("unchecked")
            Map<Object, SerializedString> written = (Map<Object, SerializedString>) provider.getAttribute(WRITTEN);
            if (written == null) {
                written = new IdentityHashMap<>();
                provider.setAttribute(WRITTEN, written);
            }
            SerializedString bytes = written.get(value);
            if (bytes == null) {
                StringWriter text = new StringWriter();
                try (JsonGenerator buffer = mapper.getFactory().createGenerator(text)) {
                    provider.getConfig().initialize(buffer);
                    plain.serialize(value, buffer, provider);
                }
                bytes = new SerializedString(text.toString());
                written.put(value, bytes);
            }
            generator.writeRawValue(bytes);
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
            JsonSerializer<?> contextual = plain instanceof ContextualSerializer c ? c.createContextual(provider, property) : plain;
            @SuppressWarnings("unchecked")
            JsonSerializer<Object> resolved = (JsonSerializer<Object>) contextual;
            return resolved == plain ? this : new WrittenOnce(resolved);
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (plain instanceof ResolvableSerializer r) {
                r.resolve(provider);
            }
        }
    }

    /** GitHub's timestamp form: UTC, whole seconds, a {@code Z}. */
    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
