//! UniFFI's binding generator, at the version the library is built with:
//! `scripts/bindings.sh` runs it for Kotlin and Swift, maturin for Python.

fn main() {
    uniffi::uniffi_bindgen_main()
}
