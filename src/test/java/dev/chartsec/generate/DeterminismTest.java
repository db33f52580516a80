package dev.chartsec.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.write.ZipArchive;

class DeterminismTest {
    static final OptionCatalog CATALOG = OptionCatalog.standard();

    @Test
    void sameAnswersGiveByteIdenticalFilesAndZips() {
        for (AnswerMatrix.Case c : AnswerMatrix.cases()) {
            ChartFiles a = new ChartGenerator(CATALOG).generate(new AnswerValidator(CATALOG).validate(c.answers()));
            // the same answers given in another order, through a fresh generator
            Map<String, Object> reversed = new LinkedHashMap<>();
            List<String> keys = new ArrayList<>(c.answers().keySet());
            for (int i = keys.size() - 1; i >= 0; i--) {
                reversed.put(keys.get(i), c.answers().get(keys.get(i)));
            }
            ChartFiles b = new ChartGenerator(CATALOG).generate(new AnswerValidator(CATALOG).validate(reversed));
            assertEquals(a, b, c.name());
            // each zip from scratch: the deflate cache must not answer for both sides
            ZipArchive.clearCache();
            byte[] first = ZipArchive.of(a);
            ZipArchive.clearCache();
            assertArrayEquals(first, ZipArchive.of(b), c.name());
        }
    }

    @Test
    void zipHoldsTheChartUnderItsNameWithFixedTimes() throws Exception {
        ChartFiles chart = new ChartGenerator(CATALOG).generate(new AnswerValidator(CATALOG).validate(AnswerMatrix.answers()));
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(ZipArchive.of(chart)))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                names.add(e.getName());
                assertEquals(ZipArchive.EPOCH, e.getTimeLocal(), e.getName());
                assertEquals(chart.get(e.getName().substring("shop/".length())), new String(zip.readAllBytes(), "UTF-8"));
            }
        }
        assertEquals(chart.files().keySet().stream().map(p -> "shop/" + p).toList(), names);
        assertTrue(names.contains("shop/templates/workload.yaml"));
        // the central directory agrees with the entries, as unzip and zip libraries read it
        Path file = Files.createTempFile("chart", ".zip");
        Files.write(file, ZipArchive.of(chart));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(names, zip.stream().map(ZipEntry::getName).toList());
            for (ZipEntry e : zip.stream().toList()) {
                assertEquals(chart.get(e.getName().substring("shop/".length())),
                        new String(zip.getInputStream(e).readAllBytes(), "UTF-8"));
            }
        }
        Process unzip = new ProcessBuilder("unzip", "-tq", file.toString()).redirectErrorStream(true).start();
        String out = new String(unzip.getInputStream().readAllBytes());
        assertEquals(0, unzip.waitFor(), out);
        Files.delete(file);
    }
}
