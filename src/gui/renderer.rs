//! Which renderer draws the window. iced tries wgpu first and falls back to tiny-skia only when
//! wgpu finds no adapter at all; on a machine without a GPU wgpu still finds a software one
//! (Mesa's llvmpipe or lavapipe, Windows' WARP) and draws through it, at a high price in memory
//! (about 160 MB for the Vulkan software renderer alone) for no gain over tiny-skia, which
//! draws on the CPU directly. So before the window opens, certdeck looks at the adapters wgpu
//! would choose from and, when none is a GPU, asks iced for tiny-skia through `ICED_BACKEND`,
//! the only way iced takes the request. Setting a variable of the running process is `unsafe`
//! (certdeck forbids unsafe code), so the program starts itself again with it set — on Unix by
//! `exec`, which replaces the process, elsewhere as a child whose exit status it passes on —
//! naming the software adapters in `CERTDECK_SOFTWARE_ADAPTERS` for Settings. An
//! `ICED_BACKEND` the user set is left alone. Settings says which renderer was chosen and why.

use std::sync::OnceLock;

/// What was decided, for Settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// `ICED_BACKEND` was set by the user (its value).
    Asked(String),
    /// A GPU is there: wgpu on it (its name).
    Gpu(String),
    /// Only software adapters (their names): tiny-skia.
    Software(Vec<String>),
    /// No adapter at all: tiny-skia.
    NoAdapter,
}

static CHOSEN: OnceLock<Choice> = OnceLock::new();

/// The choice made at start (`None` before [`choose`] ran, as in tests).
pub fn chosen() -> Option<&'static Choice> {
    CHOSEN.get()
}

/// Decides from `ICED_BACKEND` and the adapters found (name, device type).
pub fn decide(asked: Option<String>, adapters: &[(String, iced::wgpu::DeviceType)]) -> Choice {
    if let Some(asked) = asked.filter(|a| !a.trim().is_empty()) {
        return Choice::Asked(asked);
    }
    if adapters.is_empty() {
        return Choice::NoAdapter;
    }
    match adapters
        .iter()
        .find(|(name, kind)| !is_software(name, *kind))
    {
        Some((name, _)) => Choice::Gpu(name.clone()),
        None => Choice::Software(adapters.iter().map(|(name, _)| name.clone()).collect()),
    }
}

/// A CPU adapter: wgpu says so, or its name is one of the known software renderers (some
/// report themselves as "other").
fn is_software(name: &str, kind: iced::wgpu::DeviceType) -> bool {
    let name = name.to_lowercase();
    kind == iced::wgpu::DeviceType::Cpu
        || [
            "llvmpipe",
            "lavapipe",
            "softpipe",
            "swiftshader",
            "basic render driver",
        ]
        .iter()
        .any(|known| name.contains(known))
}

/// Names the software adapters in a restarted program (empty: there was no adapter).
const SOFTWARE_ADAPTERS: &str = "CERTDECK_SOFTWARE_ADAPTERS";

/// What the window needs before it opens.
pub enum Start {
    /// Open it here: the renderer iced picks is the right one.
    Here,
    /// This program started itself again with `ICED_BACKEND=tiny-skia`; it ended with this
    /// exit code (Windows; on Unix the process was replaced and this is never returned unless
    /// the restart failed, when the window opens here with whatever iced picks).
    Restarted(i32),
}

/// Looks at the adapters and, when none is a GPU, starts the program again drawing with
/// tiny-skia. Call before the window opens.
pub fn choose() -> Start {
    if let Ok(names) = std::env::var(SOFTWARE_ADAPTERS) {
        // The restarted program: the parent already looked.
        let names: Vec<String> = names
            .split('\n')
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
        let _ = CHOSEN.set(if names.is_empty() {
            Choice::NoAdapter
        } else {
            Choice::Software(names)
        });
        return Start::Here;
    }
    let asked = std::env::var("ICED_BACKEND").ok();
    let adapters = if asked.is_some() {
        Vec::new()
    } else {
        let instance =
            iced::wgpu::Instance::new(&iced::wgpu::InstanceDescriptor::from_env_or_default());
        instance
            .enumerate_adapters(iced::wgpu::Backends::all())
            .iter()
            .map(|adapter| {
                let info = adapter.get_info();
                (info.name, info.device_type)
            })
            .collect()
    };
    let choice = decide(asked, &adapters);
    let names = match &choice {
        Choice::Software(names) => names.join("\n"),
        Choice::NoAdapter => String::new(),
        _ => {
            let _ = CHOSEN.set(choice);
            return Start::Here;
        }
    };
    let _ = CHOSEN.set(choice);
    match restart_with_tiny_skia(&names) {
        Ok(code) => Start::Restarted(code),
        Err(error) => {
            eprintln!(
                "certdeck: cannot restart to draw with tiny-skia ({error}); drawing with wgpu"
            );
            Start::Here
        }
    }
}

/// This program again, same arguments, with `ICED_BACKEND=tiny-skia`.
fn restart_with_tiny_skia(names: &str) -> std::io::Result<i32> {
    let mut command = std::process::Command::new(std::env::current_exe()?);
    command
        .args(std::env::args_os().skip(1))
        .env("ICED_BACKEND", "tiny-skia")
        .env(SOFTWARE_ADAPTERS, names);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Only returns when the program could not be started.
        Err(command.exec())
    }
    #[cfg(not(unix))]
    {
        Ok(command.status()?.code().unwrap_or(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::wgpu::DeviceType;

    #[test]
    fn software_adapters_only_means_tiny_skia_and_a_gpu_means_wgpu() {
        let llvmpipe = (
            "llvmpipe (LLVM 15.0.6, 256 bits)".to_string(),
            DeviceType::Cpu,
        );
        let warp = (
            "Microsoft Basic Render Driver".to_string(),
            DeviceType::Other,
        );
        let gpu = ("AMD Radeon Pro W6600".to_string(), DeviceType::DiscreteGpu);
        assert_eq!(
            decide(None, &[llvmpipe.clone(), warp.clone()]),
            Choice::Software(vec![llvmpipe.0.clone(), warp.0.clone()])
        );
        assert_eq!(
            decide(None, &[llvmpipe.clone(), gpu.clone()]),
            Choice::Gpu(gpu.0.clone())
        );
        assert_eq!(decide(None, &[]), Choice::NoAdapter);
        assert_eq!(
            decide(Some("wgpu".into()), &[llvmpipe]),
            Choice::Asked("wgpu".into()),
            "what the user asked for wins"
        );
    }
}
