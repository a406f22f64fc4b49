package fi.imediat.rekisteri.benchmark;

/**
 * One measured figure beside its baseline from the same run.
 *
 * @param benchmark the benchmark that measured it
 * @param name      what was measured, e.g. "fan-out p99 at 1000/s"
 * @param value     the system's figure
 * @param unit      e.g. "ms", "1/s", "MB"
 * @param baselineName what the baseline is, e.g. "Kafka producer→consumer p99"; null when there is none (footprint)
 * @param baseline  the baseline's figure in the same unit; NaN when there is none
 * @param target    the target in words, e.g. "< 250 ms"; null when there is none
 * @param targetMet null when there is no target
 */
public record Figure(String benchmark, String name, double value, String unit, String baselineName, double baseline,
                     String target, Boolean targetMet) {
}
