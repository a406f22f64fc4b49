package fi.imediat.rekisteri.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * JSON that leaves room for doubt is refused (400 naming the field) instead of being read one way or another
 * (found by the hostile-input system test):
 * <ul>
 * <li>a field named twice: which value wins is not for a caller to guess, and for record bodies Jackson fails on the
 * second one with a definition error that answered 500;</li>
 * <li>content after the body ({@code {}garbage}): the body was not what the caller sent;</li>
 * <li>text holding NUL (PostgreSQL cannot store it) or a lone surrogate (not Unicode: it would be stored as '?').</li>
 * </ul>
 */
@Singleton
public class StrictJsonReading implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.registerModule(new SimpleModule("strict-text").addDeserializer(String.class, new StorableText()));
    }

    /** Jackson's own String reading, then a check that the text is storable Unicode. */
    static final class StorableText extends StdScalarDeserializer<String> {

        StorableText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && !storable(text)) {
                // The value is not quoted back: it may be personal data.
                throw InvalidFormatException.from(parser, "Text holds NUL or a lone surrogate", null, String.class);
            }
            return text;
        }

        static boolean storable(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\u0000') {
                    return false;
                }
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
