package fi.imediat.rekisteri.retention.notice.service;

import fi.imediat.rekisteri.retention.notice.service.PrivacyNotices.Category;
import fi.imediat.rekisteri.retention.notice.service.PrivacyNotices.Language;
import fi.imediat.rekisteri.retention.notice.service.PrivacyNotices.Notice;
import fi.imediat.rekisteri.retention.notice.service.PrivacyNotices.NoticeHolder;

import java.util.List;

/** The notice as an HTML page; every value is escaped (it comes from configuration and holders' registrations). */
public final class NoticeHtml {

    private record Headings(String title, String controller, String contact, String registerName, String purposes,
            String content, String category, String retention, String sources, String disclosures, String holders,
            String holder, String security) {
    }

    private static final Headings FI = new Headings("Tietosuojaseloste", "Rekisterinpitäjä",
            "Rekisteriasioista vastaava henkilö ja/tai yhteyshenkilö", "Rekisterin nimi",
            "Henkilötietojen käsittelyn tarkoitus (rekisterin käyttötarkoitus)", "Rekisterin tietosisältö",
            "Tietoryhmä", "Säilytysaika", "Säännönmukaiset tietolähteet",
            "Säännönmukaiset tietojen luovutukset ja tietojen siirto EU:n tai Euroopan talousalueen ulkopuolelle",
            "Järjestelmät, joissa tietoja säilytetään", "Järjestelmä", "Rekisterin suojauksen periaatteet");
    private static final Headings EN = new Headings("Privacy notice", "Controller",
            "Person in charge of the register and/or contact person", "Name of the register",
            "Purposes of processing personal data", "Content of the register", "Data category", "Retention",
            "Regular sources of data", "Regular disclosures and transfers outside the EU or the European Economic Area",
            "Systems that keep the data", "System", "Principles of securing the register");

    private NoticeHtml() {
    }

    public static String render(Notice notice) {
        Headings h = Language.FI.code().equals(notice.language()) ? FI : EN;
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(escape(notice.language())).append("\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n<title>").append(escape(h.title())).append(": ")
                .append(escape(notice.registerName())).append("</title>\n</head>\n<body>\n<h1>")
                .append(escape(h.title())).append(": ").append(escape(notice.registerName())).append("</h1>\n");

        section(html, 1, h.controller());
        var controller = notice.controller();
        lines(html, controller.name(), controller.postalAddress(), controller.visitingAddress(), controller.phone(),
                controller.businessId());
        section(html, 2, h.contact());
        var contact = notice.contact();
        lines(html, contact.name(), contact.title(), contact.phone(), contact.email());
        section(html, 3, h.registerName());
        paragraphs(html, List.of(notice.registerName()));
        section(html, 4, h.purposes());
        list(html, notice.purposes());

        section(html, 5, h.content());
        html.append("<table>\n<thead><tr><th>").append(escape(h.category())).append("</th><th>")
                .append(escape(h.retention())).append("</th></tr></thead>\n<tbody>\n");
        for (Category category : notice.dataCategories()) {
            html.append("<tr><td>").append(escape(category.name())).append("</td><td>")
                    .append(category.retention() == null ? "" : escape(category.retention().text()))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (notice.retentionSummary() != null) {
            paragraphs(html, List.of(notice.retentionSummary()));
        }
        paragraphs(html, notice.erasure());

        section(html, 6, h.sources());
        paragraphs(html, notice.sources());
        section(html, 7, h.disclosures());
        paragraphs(html, notice.disclosures());
        section(html, 8, h.holders());
        html.append("<table>\n<thead><tr><th>").append(escape(h.holder())).append("</th><th>")
                .append(escape(h.category())).append("</th></tr></thead>\n<tbody>\n");
        for (NoticeHolder holder : notice.holders()) {
            html.append("<tr><td>").append(escape(holder.description())).append(" (").append(escape(holder.id()))
                    .append(")</td><td>").append(escape(String.join(", ", holder.categories())))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        section(html, 9, h.security());
        paragraphs(html, notice.security());
        return html.append("</body>\n</html>\n").toString();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static void section(StringBuilder html, int number, String heading) {
        html.append("<h2>").append(number).append(". ").append(escape(heading)).append("</h2>\n");
    }

    private static void lines(StringBuilder html, String... lines) {
        html.append("<p>");
        boolean first = true;
        for (String line : lines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            html.append(first ? "" : "<br>\n").append(escape(line));
            first = false;
        }
        html.append("</p>\n");
    }

    private static void paragraphs(StringBuilder html, List<String> paragraphs) {
        paragraphs.forEach(p -> html.append("<p>").append(escape(p)).append("</p>\n"));
    }

    private static void list(StringBuilder html, List<String> items) {
        html.append("<ul>\n");
        items.forEach(i -> html.append("<li>").append(escape(i)).append("</li>\n"));
        html.append("</ul>\n");
    }
}
