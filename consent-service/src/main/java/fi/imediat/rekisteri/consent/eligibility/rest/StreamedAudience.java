package fi.imediat.rekisteri.consent.eligibility.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.imediat.rekisteri.consent.eligibility.domain.MarketingRule;
import fi.imediat.rekisteri.consent.eligibility.service.Eligibility;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An {@code EligibilityRequest} read as it arrives: each id of {@code customerIds} goes to the sink (the database's
 * COPY) the moment it is parsed, so a million ids never stand on the heap as a list of objects. The same rules as
 * the bound request: purpose and channel required and known, ids non-null UUIDs, at most {@code maxIds} of them, no
 * other field, no field twice (the strict parser), nothing after the object. A violation is a 400 naming the field,
 * JSON that cannot be read a 400 {@code malformed-body}, as the problem mappers answer for a bound body.
 */
final class StreamedAudience implements Eligibility.AudienceStream {

    private final InputStream body;
    private final ObjectMapper mapper;
    private final int maxIds;
    private MarketingRule rule;

    StreamedAudience(InputStream body, ObjectMapper mapper, int maxIds) {
        this.body = body;
        this.mapper = mapper;
        this.maxIds = maxIds;
    }

    @Override
    public MarketingRule read(Consumer<UUID> sink) {
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("(body)", "must be a JSON object");
            }
            Purpose purpose = null;
            Channel channel = null;
            boolean idsRead = false;
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                switch (field) {
                    case "purpose" -> purpose = constant(Purpose.class, field, parser);
                    case "channel" -> channel = constant(Channel.class, field, parser);
                    case "customerIds" -> {
                        ids(parser, sink);
                        idsRead = true;
                    }
                    default -> throw invalid(field, "is not a field of the request");
                }
            }
            if (parser.nextToken() != null) {
                throw invalid("(body)", "holds content after the request");
            }
            if (purpose == null) {
                throw invalid("purpose", "must not be null");
            }
            if (channel == null) {
                throw invalid("channel", "must not be null");
            }
            if (!idsRead) {
                throw invalid("customerIds", "must not be null");
            }
            rule = new MarketingRule(purpose, channel);
            return rule;
        } catch (StreamConstraintsException tooDeepOrLong) {
            throw malformed("The body nests too deep or holds a number or text too long");
        } catch (JsonProcessingException unreadable) {
            // Not quoted: the parser's message may hold part of the body.
            throw malformed("The body is not valid JSON");
        } catch (IOException cutOff) {
            throw malformed("The body could not be read to its end");
        }
    }

    /** The rule the body asked for, once it has been read. */
    MarketingRule rule() {
        return rule;
    }

    private void ids(JsonParser parser, Consumer<UUID> sink) throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw invalid("customerIds", "must be an array of ids");
        }
        int count = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == JsonToken.VALUE_NULL) {
                throw invalid("customerIds", "must not contain null");
            }
            if (token != JsonToken.VALUE_STRING) {
                throw invalid("customerIds[" + count + "]", "must be a UUID");
            }
            if (++count > maxIds) {
                throw invalid("customerIds", "at most " + maxIds + " ids per call");
            }
            sink.accept(uuid(parser.getText(), count - 1));
        }
    }

    private static UUID uuid(String text, int index) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException notAUuid) {
            // answered below, without the value
        }
        throw invalid("customerIds[" + index + "]", "must be a UUID");
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String field, JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.VALUE_NULL) {
            throw invalid(field, "must not be null");
        }
        if (token == JsonToken.VALUE_STRING) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(parser.getText())) {
                    return constant;
                }
            }
        }
        throw invalid(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(Problem.of(400, "malformed-body", "Malformed request body", detail, List.of()));
    }

    private static ProblemException invalid(String field, String message) {
        return EligibilityResource.invalid(field, message);
    }
}
