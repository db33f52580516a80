package dev.chartsec.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.schema.Schema;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads manifests exactly as Kubernetes does: kubectl, Helm and the API server read YAML through
 * sigs.k8s.io/yaml, which resolves plain scalars by go-yaml v2's YAML 1.1 rules ({@code y}, {@code on} and
 * {@code YES} are true; {@code 0o17}, {@code 017} and {@code 0x0f} are 15; {@code 1_000} is 1000; a
 * timestamp stays text) and then writes JSON. The result holds only JSON values: String, Boolean, Long or
 * BigInteger, Double, null, and maps and lists of them. SnakeYAML only composes the node tree; every scalar
 * is resolved here, because SnakeYAML's own YAML 1.1 resolver differs ({@code y} is text to it, {@code 1:20}
 * a number).
 */
public final class KubeYaml {
    /** An input the Kubernetes reader refuses, with the line where it is. */
    public static final class Malformed extends RuntimeException {
        public Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** The most nodes one stream may expand to (aliases included): a guard against alias bombs. */
    static final int MAX_NODES = 2_000_000;
    private static final Tag PLAIN = new Tag("tag:chartsec,2026:plain");
    private static final Object MERGE = new Object();
    private static final Set<String> TRUE = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
    private static final Set<String> FALSE = Set.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
    private static final Set<String> NULL = Set.of("", "~", "null", "Null", "NULL");
    private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private int nodes;

    private KubeYaml() {
    }

    /** Every document of a YAML stream as a JSON value (null for an empty document). */
    public static List<Object> readAll(String text, int codePointLimit) {
        Schema plain = new Schema() {
            @Override
            public org.snakeyaml.engine.v2.resolver.ScalarResolver getScalarResolver() {
                // implicit plain scalars are left to resolvePlain, as go-yaml v2 resolves them; quoted ones are text
                return (value, implicit) -> implicit ? PLAIN : Tag.STR;
            }

            @Override
            public Map<Tag, ConstructNode> getSchemaTagConstructors() {
                return Map.of();
            }
        };
        LoadSettings settings = LoadSettings.builder().setCodePointLimit(codePointLimit).setMaxAliasesForCollections(100)
                .setBufferSize(text.length() + 1).setSchema(plain).build();
        String input = text;
        for (int respelled = 0; ; respelled++) {
            KubeYaml reader = new KubeYaml();
            List<Object> docs = new ArrayList<>();
            try {
                Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, input)));
                while (composer.hasNext()) {
                    docs.add(reader.value(composer.next()));
                }
                return docs;
            } catch (YamlEngineException e) {
                int at = respelled < MAX_RESPELLED ? lineSeparatorEscape(e, input) : -1;
                if (at < 0) {
                    throw new Malformed(message(e));
                }
                input = respellLineSeparators(input, at);
            } catch (StackOverflowError e) {
                throw new Malformed("the YAML is nested too deeply");
            }
        }
    }

    /** How many double-quoted scalars with \L or \P escapes one input may hold. */
    private static final int MAX_RESPELLED = 200;

    /**
     * Go's YAML writer (and so Helm's toYaml) spells U+2028 and U+2029 as the YAML escapes \L and \P, which
     * Kubernetes reads but snakeyaml-engine does not know. The scanner reports the first one it meets, always
     * inside a double-quoted scalar: its position in the text, or -1 for any other error.
     */
    private static int lineSeparatorEscape(YamlEngineException e, String text) {
        if (!(e instanceof MarkedYamlEngineException m) || m.getProblem() == null
                || !(m.getProblem().contains("unknown escape character L(76)") || m.getProblem().contains("unknown escape character P(80)"))) {
            return -1;
        }
        Mark mark = m.getProblemMark().orElse(null);
        if (mark == null || mark.getIndex() > text.codePointCount(0, text.length())) {
            return -1;
        }
        int i = text.offsetByCodePoints(0, mark.getIndex());
        for (int back = i; back >= Math.max(0, i - 2); back--) {
            if (back < text.length() && text.charAt(back) == '\\' && back + 1 < text.length() && "LP".indexOf(text.charAt(back + 1)) >= 0) {
                return back;
            }
        }
        return -1;
    }

    /** From the escape at {@code from} to the end of its double-quoted scalar, \L and \P become \u2028 and \u2029. */
    private static String respellLineSeparators(String text, int from) {
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, from);
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                break;
            }
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                out.append(next == 'L' ? "\\u2028" : next == 'P' ? "\\u2029" : "\\" + next);
                i += 2;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.append(text, i, text.length()).toString();
    }

    private static String message(YamlEngineException e) {
        if (e instanceof MarkedYamlEngineException m) {
            Mark mark = m.getProblemMark().or(m::getContextMark).orElse(null);
            String problem = m.getProblem() != null ? m.getProblem() : String.valueOf(m.getContext());
            return mark == null ? problem : problem + " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        }
        String text = e.getMessage() == null ? "unreadable YAML" : e.getMessage();
        return text.lines().findFirst().orElse(text);
    }

    private static String at(Node node) {
        return node.getStartMark().map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
    }

    private Object value(Node node) {
        if (++nodes > MAX_NODES) {
            throw new Malformed("the YAML expands to more than " + MAX_NODES + " nodes (aliases included)");
        }
        if (node instanceof ScalarNode s) {
            Object v = scalar(s);
            if (v == MERGE) {
                return "<<";
            }
            return v;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>(seq.getValue().size());
            for (Node item : seq.getValue()) {
                out.add(value(item));
            }
            return out;
        }
        return mapping((MappingNode) node);
    }

    /**
     * A mapping as go-yaml v2 decodes it and sigs.k8s.io/yaml writes it as JSON: keys become strings, merge
     * keys ({@code <<}) set the merged entries in place, and a key given twice is refused (kubectl and Helm
     * read strictly, so does this audit).
     */
    private Map<String, Object> mapping(MappingNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            Node keyNode = t.getKeyNode();
            Object key = keyNode instanceof ScalarNode s ? scalar(s) : null;
            if (key == MERGE) {
                merge(t.getValueNode(), out);
                continue;
            }
            if (!(keyNode instanceof ScalarNode)) {
                throw new Malformed("a mapping key" + at(keyNode) + " is not a scalar");
            }
            String name = keyText(key, keyNode);
            if (out.containsKey(name)) {
                throw new Malformed("key '" + name + "'" + at(keyNode) + " is given twice");
            }
            out.put(name, value(t.getValueNode()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void merge(Node merged, Map<String, Object> out) {
        if (merged instanceof MappingNode m) {
            out.putAll(mapping(m));
        } else if (merged instanceof SequenceNode seq) {
            List<Node> items = seq.getValue();
            for (int i = items.size() - 1; i >= 0; i--) {
                if (!(items.get(i) instanceof MappingNode m)) {
                    throw new Malformed("a merge" + at(items.get(i)) + " must name mappings");
                }
                out.putAll(mapping(m));
            }
        } else {
            throw new Malformed("a merge" + at(merged) + " must name a mapping or a list of mappings");
        }
    }

    /** A key as sigs.k8s.io/yaml turns it into a JSON key. */
    private static String keyText(Object key, Node node) {
        if (key instanceof String s) {
            return s;
        }
        if (key instanceof Long || key instanceof BigInteger) {
            return key.toString();
        }
        if (key instanceof Boolean b) {
            return b.toString();
        }
        if (key instanceof Double d) {
            return goFloat32Text(d);
        }
        throw new Malformed("a null mapping key" + at(node) + " cannot be read");
    }

    private Object scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (tag.equals(PLAIN)) {
            return resolvePlain(v);
        }
        String name = tag.getValue();
        if (name.equals(Tag.STR.getValue()) || name.equals("!") || !name.startsWith(Tag.PREFIX)) {
            return v; // quoted, block, !!str, or a custom tag go-yaml keeps as text
        }
        if (name.equals(Tag.BINARY.getValue())) {
            try {
                return new String(java.util.Base64.getMimeDecoder().decode(v), java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (IllegalArgumentException e) {
                throw new Malformed("!!binary value" + at(s) + " is not base64");
            }
        }
        // An explicit !!int, !!bool, !!float, !!null or !!timestamp: resolved as a plain scalar, and it must agree.
        Object resolved = resolvePlain(v);
        String kind = name.substring(Tag.PREFIX.length());
        boolean agrees = switch (kind) {
            case "int" -> resolved instanceof Long || resolved instanceof BigInteger;
            case "float" -> resolved instanceof Double || resolved instanceof Long || resolved instanceof BigInteger;
            case "bool" -> resolved instanceof Boolean;
            case "null" -> resolved == null;
            case "timestamp" -> resolved instanceof String;
            default -> true;
        };
        if (!agrees) {
            throw new Malformed("cannot decode '" + v + "'" + at(s) + " as " + kind);
        }
        if (kind.equals("float") && !(resolved instanceof Double)) {
            return ((Number) resolved).doubleValue();
        }
        return resolved;
    }

    /** go-yaml v2's resolve() for a plain scalar. */
    static Object resolvePlain(String in) {
        char hint = in.isEmpty() ? 'N' : in.charAt(0);
        boolean inTable = in.isEmpty() || "+-0123456789yYnNtTfFoO~.".indexOf(hint) >= 0;
        if (!inTable) {
            return in;
        }
        if (TRUE.contains(in)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(in)) {
            return Boolean.FALSE;
        }
        if (NULL.contains(in)) {
            return null;
        }
        switch (in) {
            case ".nan", ".NaN", ".NAN" -> {
                return Double.NaN;
            }
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf", "-.Inf", "-.INF" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "<<" -> {
                return MERGE;
            }
            default -> {
            }
        }
        if (hint == '.') {
            Double d = goParseFloat(in);
            return d == null ? in : d;
        }
        if (hint != '+' && hint != '-' && (hint < '0' || hint > '9')) {
            return in;
        }
        // go-yaml v2 would try a timestamp here, but keeps one as text in untyped values, and no text shaped
        // like a timestamp reads as a number below: the result is the same text.
        String plain = in.replace("_", "");
        BigInteger n = goParseInt(plain);
        if (n != null && n.bitLength() < 64) {
            return n.longValue(); // ParseInt(plain, 0, 64)
        }
        if (n != null && n.signum() > 0 && n.compareTo(UINT64_MAX) <= 0 && !plain.startsWith("+")) {
            return n; // ParseUint(plain, 0, 64): a uint64, no sign allowed
        }
        if (YAML_FLOAT.matcher(plain).matches()) {
            Double d = goParseFloat(plain);
            if (d != null) {
                return d;
            }
        }
        if (plain.startsWith("0b") || plain.startsWith("-0b")) {
            boolean negative = plain.startsWith("-");
            String digits = plain.substring(negative ? 3 : 2);
            if (!digits.isEmpty() && digits.chars().allMatch(c -> c == '0' || c == '1')) {
                BigInteger b = new BigInteger(digits, 2);
                b = negative ? b.negate() : b;
                if (b.bitLength() < 64 || !negative && b.compareTo(UINT64_MAX) <= 0) {
                    return b.bitLength() < 64 ? (Object) b.longValue() : b;
                }
            }
        }
        return in;
    }

    /**
     * Go's strconv.ParseInt(s, 0, 64) syntax (the range is checked by the caller): a sign, then 0x/0X hex,
     * 0o/0O or a leading 0 octal, 0b/0B binary, or decimal. Null where Go reports a syntax error.
     */
    static BigInteger goParseInt(String s) {
        String t = s;
        boolean negative = false;
        if (t.startsWith("+") || t.startsWith("-")) {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 1 && t.charAt(0) == '0') {
            char p = t.charAt(1);
            if (p == 'x' || p == 'X') {
                radix = 16;
                t = t.substring(2);
            } else if (p == 'o' || p == 'O') {
                radix = 8;
                t = t.substring(2);
            } else if (p == 'b' || p == 'B') {
                radix = 2;
                t = t.substring(2);
            } else {
                radix = 8;
                t = t.substring(1);
            }
        }
        if (t.isEmpty()) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), radix) < 0 || t.charAt(i) > 127) {
                return null;
            }
        }
        BigInteger n = new BigInteger(t, radix);
        return negative ? n.negate() : n;
    }

    /** Go's strconv.ParseFloat for the decimal forms the callers pass; null on a syntax or range error. */
    static Double goParseFloat(String s) {
        if (!YAML_FLOAT.matcher(s).matches()) {
            return null;
        }
        double d = Double.parseDouble(s);
        return Double.isInfinite(d) ? null : d;
    }

    /** strconv.FormatFloat(f, 'g', -1, 32) with go-yaml's names for the infinities, as float keys are written. */
    static String goFloat32Text(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        java.math.BigDecimal shortest = new java.math.BigDecimal(Float.toString((float) d)).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = shortest.signum() < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return sign + shortest.abs().toPlainString();
    }
}
