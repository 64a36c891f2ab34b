//! Every hashed asset of a build precompressed once at the best settings (`.br` at brotli
//! quality 11, `.gz` at gzip level 9), for the simulator's `ServeDir` and nginx's
//! `brotli_static` / `gzip_static` to send as they are.

use crate::proc::io;
use std::{
    io::Write,
    path::{Path, PathBuf},
};

/// Files worth compressing: text and wasm. Images other than SVG are compressed already.
const KINDS: [&str; 5] = ["js", "wasm", "css", "svg", "json"];

/// Writes `F.br` and `F.gz` beside every file of `dir` of a kind in `KINDS`; returns how many
/// files were compressed.
pub fn precompress(dir: &Path) -> Result<usize, String> {
    let entries = std::fs::read_dir(dir).map_err(io("list", dir))?;
    let mut n = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let kind = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !path.is_file() || !KINDS.contains(&kind) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(io("read", &path))?;
        let write = |ext: &str, data: Vec<u8>| {
            let mut out = path.clone().into_os_string();
            out.push(ext);
            let out = PathBuf::from(out);
            std::fs::write(&out, data).map_err(io("write", &out))
        };
        write(".br", brotli_best(&bytes))?;
        write(".gz", gzip_best(&bytes))?;
        n += 1;
    }
    Ok(n)
}

pub fn brotli_best(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .expect("compressing to memory cannot fail");
    out
}

pub fn gzip_best(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)
        .expect("compressing to memory cannot fail");
    enc.finish().expect("compressing to memory cannot fail")
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn both_encodings_give_back_the_bytes() {
        let text = "job table ".repeat(500).into_bytes();
        let br = super::brotli_best(&text);
        let gz = super::gzip_best(&text);
        assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text);
    }
}
