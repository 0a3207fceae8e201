// Drives `studio engine` with obs-websocket-js (the library Companion's OBS module uses).
// Usage: node obs_websocket_js_driver.mjs ws://127.0.0.1:PORT PASSWORD ; prints one JSON line.
import { createRequire } from "node:module";
const require = createRequire(process.env.NODE_PATH + "/");
const library = require("obs-websocket-js");
const OBSWebSocket = library.OBSWebSocket ?? library.default ?? library;

const [url, password] = process.argv.slice(2);
const obs = new OBSWebSocket();
const { rpcVersion } = await obs.connect(url, password);
const { scenes } = await obs.call("GetSceneList");
const target = scenes.find((scene) => scene.sceneIndex === 1).sceneName;  // the middle segment
const heard = new Promise((resolve) => obs.on("CurrentProgramSceneChanged", (data) => {
  if (data.sceneName === target) resolve(data.sceneName);
}));
await obs.call("SetCurrentPreviewScene", { sceneName: target });
await obs.call("TriggerStudioModeTransition");
const heardName = await heard;
await obs.call("StartRecord");
await new Promise((resolve) => setTimeout(resolve, 1500));
const { outputPath } = await obs.call("StopRecord");
await obs.disconnect();
console.log(JSON.stringify({ rpcVersion, sceneCount: scenes.length, taken: target, heard: heardName, recordPath: outputPath }));
