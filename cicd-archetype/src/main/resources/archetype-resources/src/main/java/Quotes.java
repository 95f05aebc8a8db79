package ${package};

/** Delivery prices, in cents. */
public final class Quotes {

    static final int BASE = 500;
    static final int PER_PARCEL = 250;

    private Quotes() {}

    public static int price(int parcels) {
        if (parcels < 1 || parcels > 100) {
            throw new IllegalArgumentException("parcels must be between 1 and 100");
        }
        return BASE + PER_PARCEL * (parcels - 1);
    }
}
