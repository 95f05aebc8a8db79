package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuotesTest {

    @ParameterizedTest
    @CsvSource({"1, 500", "2, 750", "10, 2750"})
    void pricesGrowPerParcel(int parcels, int cents) {
        assertEquals(cents, Quotes.price(parcels));
    }

    @Test
    void refusesZeroParcels() {
        assertThrows(IllegalArgumentException.class, () -> Quotes.price(0));
    }
}
