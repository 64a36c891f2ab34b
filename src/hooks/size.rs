//! An element's inner size, followed with a `ResizeObserver`.

use leptos::{html::ElementType, prelude::*};
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::ResizeObserver;

/// The element's client height and width in CSS pixels (at least `min`), updated when it
/// changes size; `fallback` until it is first laid out.
pub fn use_client_size<E>(
    node: NodeRef<E>,
    min: (f64, f64),
    fallback: (f64, f64),
) -> (RwSignal<f64>, RwSignal<f64>)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let height = RwSignal::new(fallback.0);
    let width = RwSignal::new(fallback.1);
    Effect::new(move |_| {
        let Some(el) = node.get() else {
            return;
        };
        let el: web_sys::Element = el.unchecked_into();
        let measure = {
            let el = SendWrapper::new(el.clone());
            move || {
                let h = f64::from(el.client_height()).max(min.0);
                let w = f64::from(el.client_width()).max(min.1);
                if height.get_untracked() != h {
                    height.set(h);
                }
                if width.get_untracked() != w {
                    width.set(w);
                }
            }
        };
        // The observer reports the first size too, once the element is laid out with the
        // rest of the frame; reading it here would lay the page out again in this task.
        let on_resize = Closure::<dyn Fn()>::new(measure.clone());
        if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
            let held = SendWrapper::new((observer, on_resize));
            on_cleanup(move || held.take().0.disconnect());
        } else {
            measure();
        }
    });
    (height, width)
}
