package fi.imediat.rekisteri.consent.asml.domain;

import fi.imediat.rekisteri.events.Channel;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One data line of an ASML prohibition register file (README: consent-service, ASML file layout):
 * {@code last_name;first_names;street;postal_code;city;phone;prohibition}, UTF-8, semicolon-separated, no quoting;
 * prohibition {@code POST} (addressed post), {@code PHONE} (telemarketing) or {@code BOTH}.
 */
public record AsmlLine(String lastName, String firstNames, String street, String postalCode, String city,
        String phone, Set<Channel> prohibited) {

    public static final String HEADER = "last_name;first_names;street;postal_code;city;phone;prohibition";
    private static final int FIELDS = 7;

    /** @return the line, or the reason it was rejected (never echoing a value: it is personal data) */
    public static Parsed parse(String line) {
        String[] fields = line.split(";", -1);
        if (fields.length != FIELDS) {
            return Parsed.rejected("expected " + FIELDS + " fields separated by ';', found " + fields.length);
        }
        List<String> f = java.util.Arrays.stream(fields).map(String::strip).toList();
        Set<Channel> prohibited = switch (f.get(6).toUpperCase(java.util.Locale.ROOT)) {
            case "POST" -> EnumSet.of(Channel.POST);
            case "PHONE" -> EnumSet.of(Channel.PHONE);
            case "BOTH" -> EnumSet.of(Channel.POST, Channel.PHONE);
            default -> null;
        };
        if (prohibited == null) {
            return Parsed.rejected("prohibition must be POST, PHONE or BOTH");
        }
        return new Parsed(Optional.of(new AsmlLine(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4),
                f.get(5), prohibited)), null);
    }

    /** Exactly one of {@code line} and {@code rejection}. */
    public record Parsed(Optional<AsmlLine> line, String rejection) {

        static Parsed rejected(String reason) {
            return new Parsed(Optional.empty(), reason);
        }
    }
}
