package org.mailpolicy.benchmarks;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * Runs JMH (same arguments as JMH's own main, e.g. {@code SpfBenchmark}) and then prints each
 * benchmark class's MailPolicy figure beside the peer's and their ratio, from the same run.
 * By convention the MailPolicy method of a class starts with {@code mailPolicy}.
 */
public final class Compare {

    private Compare() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Options options = new OptionsBuilder().parent(new CommandLineOptions(args)).build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, Map<String, Double>> byClass = new TreeMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            int dot = label.lastIndexOf('.');
            String params = result.getParams().getParamsKeys().isEmpty() ? ""
                    : result.getParams().getParamsKeys().stream()
                            .map(k -> k + "=" + result.getParams().getParam(k))
                            .reduce((a, b) -> a + "," + b).map(p -> " [" + p + "]").orElse("");
            byClass.computeIfAbsent(label.substring(label.lastIndexOf('.', dot - 1) + 1, dot) + params, k -> new TreeMap<>())
                    .put(label.substring(dot + 1), result.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("MailPolicy vs peer, same run (ops/s; one op = one pass over the scenarios)");
        byClass.forEach((benchmark, scores) -> {
            Double ours = scores.entrySet().stream().filter(e -> e.getKey().startsWith("mailPolicy"))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            scores.forEach((method, score) -> System.out.printf(Locale.ROOT, "  %-28s %-22s %,14.1f%n", benchmark, method, score));
            scores.forEach((method, score) -> {
                if (ours != null && !method.startsWith("mailPolicy")) {
                    System.out.printf(Locale.ROOT, "  %-28s ratio MailPolicy / %s = %.2fx%n", benchmark, method, ours / score);
                }
            });
        });
    }
}
