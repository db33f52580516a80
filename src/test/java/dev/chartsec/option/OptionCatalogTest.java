package dev.chartsec.option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class OptionCatalogTest {
    static final OptionCatalog CATALOG = OptionCatalog.standard();

    @Test
    void everyOptionIsDocumentedAndItsDefaultIsValid() {
        assertTrue(CATALOG.options().size() >= 60, "options: " + CATALOG.options().size());
        for (Option o : CATALOG.options()) {
            assertNotNull(o.group(), o.id());
            assertTrue(o.prompt() != null && !o.prompt().isBlank(), o.id() + " has a prompt");
            assertTrue(o.help() != null && o.help().length() > 20, o.id() + " has help");
            assertTrue(o.hasDefault() || o.required(), o.id() + " has a default or is required");
            if (o.hasDefault()) {
                List<Violation> out = new ArrayList<>();
                AnswerValidator.check(o, o.id(), o.defaultValue(), out, new ArrayList<>());
                assertEquals(List.of(), out, o.id() + " default");
            }
        }
    }

    @Test
    void everyNamedCheckExists() {
        for (Option o : CATALOG.options()) {
            for (Option part : parts(o)) {
                if (part.check() != null) {
                    assertTrue(NamedChecks.NAMES.contains(part.check()), part.id() + " names check " + part.check());
                }
            }
        }
    }

    @Test
    void catalogMistakesAreCaughtWhenItIsRead() {
        assertThrows(IllegalStateException.class, () -> parse("options: [{id: a, type: text, colour: red}]"));
        assertThrows(IllegalStateException.class, () -> parse("options: [{id: a, type: integer, default: x}]"));
        assertThrows(IllegalStateException.class, () -> parse("options: [{id: a, when: {b: true}}, {id: b, type: boolean}]"));
        assertThrows(IllegalStateException.class, () -> parse("options: [{id: a}, {id: a}]"));
        assertThrows(IllegalStateException.class, () -> parse("options: [{id: a, type: choice}]"));
    }

    private static OptionCatalog parse(String yaml) {
        return OptionCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Option> parts(Option o) {
        List<Option> all = new ArrayList<>(List.of(o));
        for (Option p : new Option[] {o.item(), o.key(), o.value()}) {
            if (p != null) {
                all.addAll(parts(p));
            }
        }
        if (o.fields() != null) {
            o.fields().forEach(f -> all.addAll(parts(f)));
        }
        return all;
    }
}
