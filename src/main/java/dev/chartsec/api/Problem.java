package dev.chartsec.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.chartsec.option.Shown;
import dev.chartsec.option.Violation;

/** An RFC 9457 problem document: what every error of the API answers with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Field> violations) {
    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPES = "https://chartsec.dev/problems/";

    /** One invalid field: its option id (with the path inside it), the value given, what is wrong, what is allowed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(String option, String value, String problem, String allowed) {
        static Field of(Violation v) {
            return new Field(v.option(), v.value() == null ? null : Shown.value(v.value()), v.problem(), v.allowed());
        }
    }

    static Problem of(int status, String type, String title, String detail) {
        return new Problem(TYPES + type, title, status, detail, null);
    }

    static Problem invalid(List<Violation> violations) {
        return new Problem(TYPES + "invalid-answers", "Invalid answers", 400,
                violations.size() + " invalid answer(s); each is listed with what is allowed",
                violations.stream().map(Field::of).toList());
    }
}
