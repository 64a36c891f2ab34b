//! Small pieces of browser behaviour that views share.

pub mod clipboard;
