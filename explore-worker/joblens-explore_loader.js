// Starts the explore worker (index.html copies this beside trunk's no-modules build of it).
importScripts('./joblens-explore.js');
wasm_bindgen({ module_or_path: './joblens-explore_bg.wasm' });
