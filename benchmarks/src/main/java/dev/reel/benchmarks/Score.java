package dev.reel.benchmarks;

import java.util.Locale;

/** A JMH score and its error (the half-width of JMH's 99.9% confidence interval). */
record Score(double value, double error) {
    double relative() {
        return value == 0 ? 0 : error / value;
    }

    Score times(double factor) {
        return new Score(value * factor, error * factor);
    }

    /** Quotient; relative errors combined in quadrature (first-order, independent errors). */
    Score over(Score other) {
        double quotient = value / other.value;
        return new Score(quotient, quotient * Math.hypot(relative(), other.relative()));
    }

    /** {@code value ± error} with {@code decimals} decimals and thousands separators; the error left out if unknown. */
    String format(int decimals) {
        String number = "%,." + decimals + "f";
        return Double.isNaN(error) ? String.format(Locale.ROOT, number, value)
                : String.format(Locale.ROOT, number + " ± " + number, value, error);
    }

    /** Two stages run one after the other over the same pass: rates add as resistors in series. */
    Score then(Score other) {
        double combined = 1 / (1 / value + 1 / other.value);
        double squared = combined * combined;
        return new Score(combined, Math.hypot(squared * error / (value * value),
                squared * other.error / (other.value * other.value)));
    }
}
