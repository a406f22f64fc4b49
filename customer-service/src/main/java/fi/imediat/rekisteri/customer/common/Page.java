package fi.imediat.rekisteri.customer.common;

import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One page of a list. {@code nextCursor} is opaque to callers; pass it as {@code cursor} for the next page, null
 * on the last page. Every list is ordered by a database sequence number, which the cursor carries.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The sequence number after which the page starts; 0 for the first page. */
    public static long after(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!decoded.startsWith("after:")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(decoded.substring("after:".length()));
        } catch (IllegalArgumentException e) {
            throw Invalid.field("cursor", "is not a cursor this service gave out");
        }
    }

    /**
     * @param rows    up to {@code limit + 1} rows in sequence order: one more than the page tells whether there is
     *                a next page
     */
    public static <R, T> Page<T> of(List<R> rows, int limit, ToLongFunction<R> sequence, Function<R, T> item) {
        List<R> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        String next = rows.size() > limit ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("after:" + sequence.applyAsLong(page.get(page.size() - 1))).getBytes(StandardCharsets.US_ASCII))
                : null;
        return new Page<>(page.stream().map(item).toList(), next);
    }
}
