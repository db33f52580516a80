package dev.chartsec.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.chartsec.generate.ChartFiles;
import dev.chartsec.generate.ChartGenerator;
import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.write.ZipArchive;

/**
 * Generation in memory: answers -> validated specification -> chart files (and -> zip). Run with
 * bench/jmh.sh (one benchmark thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GenerationBenchmark {
    @Param({"defaults", "everything-on"})
    public String answers;

    private Map<String, Object> input;
    private AnswerValidator validator;
    private ChartGenerator generator;

    @Setup
    public void setUp() {
        OptionCatalog catalog = OptionCatalog.standard();
        validator = new AnswerValidator(catalog);
        generator = new ChartGenerator(catalog);
        input = AnswerMatrix.named(answers).answers();
    }

    @Benchmark
    public ChartFiles chart() {
        return generator.generate(validator.validate(input));
    }

    @Benchmark
    public byte[] zip() {
        return ZipArchive.of(generator.generate(validator.validate(input)));
    }
}
