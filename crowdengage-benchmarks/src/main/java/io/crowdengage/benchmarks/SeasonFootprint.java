package io.crowdengage.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Prints the heap the issue's season retains: used heap after full collections, before and after
 * generating it, with the season (and separately the consent ledger) still reachable.
 *
 * <p>Run with a capped heap to show that it fits:
 * {@code java -Xmx500m -cp crowdengage-benchmarks/target/benchmarks.jar io.crowdengage.benchmarks.SeasonFootprint};
 * with {@code --hold} it waits for Enter after printing, for {@code jcmd <pid> GC.class_histogram}.
 */
public final class SeasonFootprint {
    private SeasonFootprint() {
    }

    /** Builds the season and prints what it retains. */
    public static void main(String[] args) {
        long baseline = settledUsedHeap();
        GeneratedSeason generated = SeasonGenerator.generate(SeasonGenerator.Config.issueTarget());
        long withLedger = settledUsedHeap();
        int numbers = generated.consent().numbers().size();
        GeneratedSeason seasonOnly = new GeneratedSeason(generated.config(), generated.settings(), generated.flows(),
                generated.season(), io.crowdengage.consent.InMemoryConsentLedger.create(), generated.galaStart());
        generated = null;
        long seasonOnlyUsed = settledUsedHeap();
        System.out.printf(Locale.ROOT, "max heap %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "season: %,d performances, %,d bookings, %,d customers%n",
                seasonOnly.season().performances().size(), seasonOnly.season().bookingCount(),
                seasonOnly.season().customerCount());
        System.out.printf(Locale.ROOT, "retained by the SeasonSnapshot: %.1f MiB%n",
                (seasonOnlyUsed - baseline) / 1048576.0);
        System.out.printf(Locale.ROOT, "retained by the consent ledger (%,d numbers): %.1f MiB%n",
                numbers, (withLedger - seasonOnlyUsed) / 1048576.0);
        System.out.printf(Locale.ROOT, "season and ledger together: %.1f MiB%n", (withLedger - baseline) / 1048576.0);
        if (args.length > 0 && args[0].equals("--hold")) {
            // Keeps the season reachable so that `jcmd <pid> GC.class_histogram` can say what it is made of.
            System.out.println("holding the season; press Enter to exit");
            try {
                System.in.read();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        if (seasonOnly.season().bookingCount() == 0) {
            throw new AssertionError("unreachable: keeps the season alive until here");
        }
    }

    private static long settledUsedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
