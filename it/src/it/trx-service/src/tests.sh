# The service's tests: each test_* function passes when it returns 0.
test_quote_for_one_parcel() {
  [ "$(echo $((2 * 5)))" = "10" ]
}

test_quote_for_zero_parcels() {
  [ "$(echo $((0 * 5)))" = "0" ]
}

test_route_names_are_lower_case() {
  name=$(echo "Zürich-Nord" | tr 'A-Z' 'a-z')
  [ "$name" = "zürich-nord" ]
}
