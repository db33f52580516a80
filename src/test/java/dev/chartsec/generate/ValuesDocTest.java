package dev.chartsec.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.AnswerMatrix;

/** The parameter table's fast reading of values.yaml blocks gives what a YAML parser reads, for every variant. */
class ValuesDocTest {
    static final OptionCatalog CATALOG = OptionCatalog.standard();

    static Stream<AnswerMatrix.Case> cases() {
        return AnswerMatrix.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fastBlocksReadAsTheYamlParserReadsThem(AnswerMatrix.Case c) {
        String values = new ChartGenerator(CATALOG).generate(new AnswerValidator(CATALOG).validate(c.answers())).files().get("values.yaml");
        java.util.List<String> parsed = new java.util.ArrayList<>();
        assertEquals(ValuesDoc.table(values, false, new java.util.ArrayList<>()), ValuesDoc.table(values, true, parsed));
        // the template's own literal blocks that are not in the simple shapes (none today) would be listed here
        assertEquals(java.util.List.of(), parsed, "blocks the fast reading left to the YAML parser");
    }
}
