/**
 * The page's document: a shell and its style. What it shows is drawn by the
 * bundled script (src/ui/page/, built by esbuild into dist/page/app.js), which
 * the node serves itself: no CDN, nothing fetched from the internet.
 */
const STYLE = `
body{font:14px system-ui,sans-serif;margin:12px 16px;background:#fafafa;color:#222}
h1{font-size:18px;margin:0 0 8px} h2{font-size:15px;margin:14px 0 6px}
.row{display:flex;gap:20px;flex-wrap:wrap;align-items:flex-start}
svg{background:#fff;border:1px solid #ddd;border-radius:6px}
table{border-collapse:collapse;background:#fff} td,th{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
.connected{color:#1a7f37}.discovered{color:#777}.stale{color:#bf8700}.gone{color:#cf222e}
.mono{font:12px monospace;color:#555} .unverified{font-style:italic;color:#8250df} #status{color:#777;font-weight:normal}
#chat{background:#fff;border:1px solid #ddd;padding:6px;width:520px;height:300px;overflow-y:auto}
#chat .msg{white-space:pre-wrap;margin:1px 0} #chat .own{color:#0550ae} #chat .history{opacity:.7} #chat .marks{color:#777;font-size:12px;margin-left:6px}
#chat .note{color:#777;font-size:12px} #chat .note.error{color:#cf222e}
#send{display:flex;gap:6px;margin-top:6px;width:534px} #send[hidden]{display:none} #text{flex:1;height:38px;font:14px system-ui}
#target{font-size:12px;color:#555;margin-top:4px} #target b{color:#8250df}
#convs{display:flex;gap:8px} #conversations{list-style:none;margin:0;padding:0;width:160px;height:300px;overflow-y:auto;background:#fff;border:1px solid #ddd}
#conversations li{padding:3px 6px;cursor:pointer;display:flex;justify-content:space-between;gap:4px;overflow-wrap:anywhere} #conversations li.selected{background:#ddf4ff}
#conversations li.unread{font-weight:bold} #conversations li.heading{cursor:default;color:#777;font-size:11px;text-transform:uppercase}
#conversations .count{background:#0969da;color:#fff;border-radius:8px;padding:0 6px;font-size:12px}
#channel-form{display:flex;gap:4px;margin-top:6px;width:162px} #channel-form[hidden]{display:none} #channel-name{width:70px}
.notice{font-size:12px;color:#cf222e;margin-top:2px;max-width:534px}
#peers tr{cursor:pointer} #peers tr.selected{background:#ddf4ff}
#mesh g.peer{cursor:pointer} #mesh g.peer.selected circle{stroke-width:5}
#chart g.state rect{fill:#fff;stroke:#999;stroke-width:1.2} #chart g.state.region rect{stroke-dasharray:5 3}
#chart g.state.active>rect{fill:#dafbe1;stroke:#1a7f37;stroke-width:2.5} #chart text{font:11px monospace;fill:#222}
#chart path.arrow{fill:none;stroke:#888;stroke-width:1.2} #chart path.arrow.taken{stroke:#cf222e;stroke-width:3}
#chart text.arrow-label{fill:#555} #chart text.arrow-label.taken{fill:#cf222e;font-weight:bold}
#chart-box{max-width:100%;overflow:auto;border:1px solid #ddd;background:#fff}
#log td:first-child{white-space:nowrap} #log{font:12px monospace;max-height:320px;overflow-y:auto;display:block} #log td{max-width:620px;overflow-wrap:anywhere}
#timeline{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px;margin-bottom:8px}
#slider{width:100%} #marks{position:relative;height:12px} #marks span{position:absolute;top:0;width:3px;height:12px;cursor:pointer}
#marks .peer{background:#0969da} #marks .chat{background:#1a7f37} #marks .error{background:#cf222e}
`;

export function pageHtml(title: string, token: string, mode: 'live' | 'replay'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>p2p-chat: ${title.replace(/[<>&"]/g, '')}</title>
<style>${STYLE}</style></head><body data-mode="${mode}">
<h1>p2p-chat <span id="me"></span> <span id="status">connecting…</span></h1>
<div id="timeline" hidden><button id="play">▶ play</button> <label>speed <select id="speed"><option>1</option><option>2</option><option selected>5</option><option>20</option><option>100</option></select>×</label>
 <span id="clock" class="mono"></span><div id="marks"></div><input id="slider" type="range" min="0" max="0" step="any" value="0"></div>
<div class="row">
<div><h2>Mesh</h2><svg id="mesh" width="400" height="400" viewBox="-200 -200 400 400" aria-label="mesh"></svg></div>
<div><h2>Chat</h2><div id="convs"><div><ul id="conversations" aria-label="conversations"></ul>
<form id="channel-form" hidden><input id="channel-name" placeholder="#channel" aria-label="channel"><button id="join">join</button><button id="part" type="button">part</button></form></div>
<div><div id="chat"></div>
<form id="send" hidden><textarea id="text" placeholder="Message (Enter sends, Shift+Enter: new line)"></textarea><button id="send-button">Send</button></form>
<div id="target"></div><div id="notice" class="notice"></div></div></div></div>
<div><h2>Peers</h2><table id="peers"><thead><tr><th>peer</th><th>state</th><th>machine</th><th>RTT</th><th>chats in/out</th></tr></thead><tbody></tbody></table></div>
</div>
<h2>Machines <select id="actor"></select> <label class="mono"><input type="checkbox" id="private"> show private content</label></h2>
<div id="chart-box"><svg id="chart" aria-label="statechart"></svg></div>
<div class="mono" id="global"></div>
<h2>Events of this machine</h2><table id="log"><thead><tr><th>time</th><th>event</th><th>payload</th><th>→ state</th></tr></thead><tbody></tbody></table>
<h2>Transfers</h2><div id="transfers"></div>
<h2>Metrics</h2><div id="stats" class="mono"></div>
<script src="/app.js?token=${encodeURIComponent(token)}"></script>
</body></html>`;
}
