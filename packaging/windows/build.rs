//! Build script (Cargo.toml: `build = "packaging/windows/build.rs"`): on Windows it embeds the
//! icon and version information into certdeck.exe, so Explorer, the taskbar and the MSI's
//! shortcuts show it. Elsewhere it does nothing.

fn main() {
    println!("cargo:rerun-if-changed=packaging/windows/certdeck.ico");
    #[cfg(windows)]
    {
        let mut resource = winresource::WindowsResource::new();
        resource.set_icon("packaging/windows/certdeck.ico");
        resource.set("FileDescription", "certdeck certificate manager");
        resource.set("ProductName", "certdeck");
        if let Err(error) = resource.compile() {
            panic!("cannot embed the Windows icon: {error}");
        }
    }
}
