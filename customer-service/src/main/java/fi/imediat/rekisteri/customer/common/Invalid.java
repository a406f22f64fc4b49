package fi.imediat.rekisteri.customer.common;

import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.Problem.FieldViolation;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** 400 problems naming the invalid field(s) of a request body, never the values. */
public final class Invalid {

    private Invalid() {
    }

    public static ProblemException field(String field, String message) {
        return of(List.of(new FieldViolation(field, message)));
    }

    /** Bean-validates a body that was not validated on the way in (e.g. the result of a merge patch). */
    public static <T> T check(Validator validator, T body) {
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw of(violations.stream()
                    .map(v -> new FieldViolation(v.getPropertyPath().toString(), v.getMessage())).toList());
        }
        return body;
    }

    private static ProblemException of(List<FieldViolation> violations) {
        List<FieldViolation> sorted = violations.stream().sorted(Comparator.comparing(FieldViolation::field)).toList();
        String fields = sorted.stream().map(FieldViolation::field).distinct().collect(Collectors.joining(", "));
        return new ProblemException(Problem.of(400, "validation", "Invalid request", "Invalid field(s): " + fields,
                sorted));
    }
}
