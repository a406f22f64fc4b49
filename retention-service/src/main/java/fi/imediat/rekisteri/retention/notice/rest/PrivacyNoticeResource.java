package fi.imediat.rekisteri.retention.notice.rest;

import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.retention.notice.service.NoticeHtml;
import fi.imediat.rekisteri.retention.notice.service.PrivacyNotices;
import fi.imediat.rekisteri.retention.notice.service.PrivacyNotices.Language;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Locale;

@Path("/privacy-notice")
@Tag(name = "Privacy notice")
public class PrivacyNoticeResource {

    private final PrivacyNotices notices;

    PrivacyNoticeResource(PrivacyNotices notices) {
        this.notices = notices;
    }

    @GET
    @PermitAll
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    @Operation(summary = "The privacy notice (public)",
            description = "Generated from configuration and the retention policies and holders in force. JSON, or "
                    + "HTML with Accept: text/html; Finnish by default, English with lang=en or Accept-Language.")
    public Response notice(@QueryParam("lang") String lang, HttpHeaders headers) {
        PrivacyNotices.Notice notice = notices.notice(language(lang, headers));
        if (prefersHtml(headers)) {
            return Response.ok(NoticeHtml.render(notice), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header(HttpHeaders.CONTENT_LANGUAGE, notice.language()).build();
        }
        return Response.ok(notice, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CONTENT_LANGUAGE, notice.language()).build();
    }

    private static Language language(String lang, HttpHeaders headers) {
        if (lang != null) {
            try {
                return Language.valueOf(lang.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "unsupported-language", "Bad request",
                        "lang must be fi or en"));
            }
        }
        for (Locale locale : headers.getAcceptableLanguages()) {
            for (Language language : Language.values()) {
                if (language.code().equals(locale.getLanguage())) {
                    return language;
                }
            }
        }
        return Language.FI;
    }

    /** The caller's most preferred type decides; anything that accepts JSON (or anything at all) gets JSON. */
    private static boolean prefersHtml(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
                return true;
            }
        }
        return false;
    }
}
