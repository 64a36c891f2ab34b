//! Small pieces of browser behaviour that views share: event listeners that end with the view,
//! the tab's visibility, an element's size, and a clipboard that reports failure.

pub mod clipboard;
pub mod events;
pub mod size;
pub mod visibility;
