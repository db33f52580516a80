package dev.chartsec.conformance;

import java.util.List;

/** The conformance report in Markdown: variant x scanner counts, then every finding. */
final class Report {
    private Report() {
    }

    static String markdown(List<ConformanceIT.Result> results, List<ConformanceIT.Result> upstream, List<String> unexplained) {
        StringBuilder md = new StringBuilder("# chartsec conformance report\n\n");
        md.append("Each chart is rendered with `helm template rel CHART -n ").append(ConformanceIT.NAMESPACE)
                .append("` and scanned with every scanner's default rules. A cell counts findings; ")
                .append("\"(n exempt)\" counts findings that conformance/exemptions.yaml explains for that variant.\n\n");
        header(md);
        for (ConformanceIT.Result r : results) {
            row(md, r);
        }
        md.append("\n## Against `helm create`\n\n");
        header(md);
        for (ConformanceIT.Result r : upstream) {
            row(md, r);
        }
        md.append('\n').append(unavailableNote());
        if (!unexplained.isEmpty()) {
            md.append("\n## Unexplained findings (the suite fails)\n\n");
            unexplained.forEach(u -> md.append("- ").append(u).append('\n'));
        }
        md.append("\n## Every finding\n\n");
        for (ConformanceIT.Result r : results) {
            findings(md, r);
        }
        for (ConformanceIT.Result r : upstream) {
            findings(md, r);
        }
        return md.toString();
    }

    private static void header(StringBuilder md) {
        md.append("| variant |");
        Scanners.ALL.forEach(s -> md.append(' ').append(s).append(" |"));
        md.append("\n|---|");
        Scanners.ALL.forEach(s -> md.append("---|"));
        md.append('\n');
    }

    private static void row(StringBuilder md, ConformanceIT.Result r) {
        md.append("| ").append(r.variant()).append(" |");
        for (String scanner : Scanners.ALL) {
            var unavailable = Scanners.unavailable(scanner);
            if (unavailable.isPresent()) {
                md.append(" not run |");
                continue;
            }
            int found = r.found().getOrDefault(scanner, List.of()).size();
            int exempt = r.exempt().getOrDefault(scanner, List.of()).size();
            md.append(' ').append(found).append(exempt > 0 ? " (" + exempt + " exempt)" : "").append(" |");
        }
        md.append('\n');
    }

    private static void findings(StringBuilder md, ConformanceIT.Result r) {
        List<Finding> all = r.found().values().stream().flatMap(List::stream).toList();
        if (all.isEmpty()) {
            return;
        }
        md.append("### ").append(r.variant()).append("\n\n");
        for (Finding f : all) {
            boolean exempt = r.exempt().getOrDefault(f.scanner(), List.of()).contains(f);
            md.append("- ").append(exempt ? "(exempt) " : "").append(f.line().replace("|", "\\|")).append('\n');
        }
        md.append('\n');
    }

    static String unavailableNote() {
        StringBuilder sb = new StringBuilder();
        for (String s : Scanners.ALL) {
            Scanners.unavailable(s).ifPresent(why -> sb.append("- ").append(s).append(": not run: ").append(why).append('\n'));
        }
        return sb.toString();
    }
}
