package dev.chartsec.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.testing.Chartsec;

/**
 * deploy/chart is chartsec's own chart exactly as chartsec generates it from deploy/chartsec.answers.yaml: no
 * file edited by hand, none missing, none extra. (Every chart test runs it too, as the matrix variant
 * "chartsec-itself".)
 */
class DeployChartTest {
    @Test
    void deployChartIsWhatTheGeneratorWritesFromItsAnswersFile() {
        OptionCatalog catalog = OptionCatalog.standard();
        ChartFiles generated = new ChartGenerator(catalog).generate(new AnswerValidator(catalog).validate(AnswerMatrix.chartsecItself()));
        Map<String, String> expected = new TreeMap<>();
        generated.files().keySet().forEach(path -> expected.put(path, new String(generated.bytes(path), StandardCharsets.ISO_8859_1)));
        assertEquals(expected, Chartsec.tree(Chartsec.HOME.resolve("deploy/chart")),
                "regenerate with: bin/chartsec new --answers deploy/chartsec.answers.yaml -o deploy/chart --force");
    }
}
