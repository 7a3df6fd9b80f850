//! Build script (Cargo.toml: `build = "packaging/windows/build.rs"`): when the target is Windows
//! it embeds the icon and version information into the executables, so Explorer, the taskbar and
//! the MSI's shortcuts show it. The target, not the machine building: a cross-build from Linux
//! (CI) embeds it too, with mingw-w64's `windres`. Elsewhere it does nothing.

fn main() {
    println!("cargo:rerun-if-changed=packaging/windows/certdeck.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        let mut resource = winresource::WindowsResource::new();
        resource.set_icon("packaging/windows/certdeck.ico");
        resource.set("FileDescription", "certdeck certificate manager");
        resource.set("ProductName", "certdeck");
        if let Err(error) = resource.compile() {
            panic!("cannot embed the Windows icon: {error}");
        }
    }
}
