/**
 * The live network page: one self-contained document (no CDN, no external
 * asset). It listens to /events (server-sent events, one model per message)
 * and redraws. Everything from the network is set as text, never as HTML.
 */
export const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>p2p-chat: live network</title>
<style>
body{font:14px system-ui,sans-serif;margin:16px;background:#fafafa;color:#222}
h1{font-size:18px;margin:0 0 8px} h2{font-size:15px;margin:16px 0 6px}
#wrap{display:flex;gap:24px;flex-wrap:wrap}
svg{background:#fff;border:1px solid #ddd;border-radius:6px}
table{border-collapse:collapse;background:#fff} td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
.connected{color:#1a7f37}.discovered{color:#777}.stale{color:#bf8700}.gone{color:#cf222e}
.tr{font:12px monospace;color:#555} #chat{background:#fff;border:1px solid #ddd;padding:6px;max-width:900px}
.unverified{font-style:italic;color:#8250df} #status{color:#777}
</style></head><body>
<h1>p2p-chat <span id="me"></span> <span id="status">connecting…</span></h1>
<div id="wrap"><svg id="topo" width="420" height="420" viewBox="-210 -210 420 420" aria-label="topology"></svg>
<div><h2>Peers and their machines</h2><table id="peers"><thead><tr><th>peer</th><th>state</th><th>machine</th><th>RTT</th><th>chats in/out</th><th>recent transitions</th></tr></thead><tbody></tbody></table></div></div>
<h2>Metrics</h2><div id="stats" class="tr"></div>
<h2>Recent chat</h2><div id="chat"></div>
<script>
const COLORS={connected:'#1a7f37',discovered:'#999',stale:'#bf8700',gone:'#cf222e'};
const NS='http://www.w3.org/2000/svg';
const el=(tag,attrs={},text)=>{const e=document.createElement(tag);for(const[k,v]of Object.entries(attrs))e.setAttribute(k,v);if(text!==undefined)e.textContent=text;return e};
const sv=(tag,attrs={},text)=>{const e=document.createElementNS(NS,tag);for(const[k,v]of Object.entries(attrs))e.setAttribute(k,v);if(text!==undefined)e.textContent=text;return e};
function draw(m){
  document.getElementById('me').textContent=m.self?m.self.name+' ('+m.self.id.slice(0,8)+')':'';
  const peers=Object.values(m.peers).filter(p=>p.view);
  const svg=document.getElementById('topo');svg.replaceChildren();
  peers.forEach((p,i)=>{
    const a=2*Math.PI*i/Math.max(1,peers.length)-Math.PI/2,x=Math.round(150*Math.cos(a)),y=Math.round(150*Math.sin(a)),v=p.view;
    const g=sv('g',{'data-peer-id':v.id,'data-state':v.state,class:'peer'});
    g.append(sv('line',{x1:0,y1:0,x2:x,y2:y,stroke:COLORS[v.state]||'#999','stroke-width':3,'stroke-dasharray':v.legacy?'6 4':''}));
    g.append(sv('circle',{cx:x,cy:y,r:20,fill:'#fff',stroke:COLORS[v.state]||'#999','stroke-width':3}));
    g.append(sv('text',{x:x,y:y+36,'text-anchor':'middle','font-size':'12'},(p.label||v.name)+(v.verified?'':' (unverified)')));
    g.append(sv('text',{x:x,y:y+4,'text-anchor':'middle','font-size':'10'},v.state));
    svg.append(g);
  });
  svg.append(sv('circle',{cx:0,cy:0,r:26,fill:'#0969da'}),sv('text',{x:0,y:4,'text-anchor':'middle',fill:'#fff','font-size':'11'},'you'));
  const tb=document.querySelector('#peers tbody');tb.replaceChildren();
  for(const p of peers){const v=p.view;
    const tr=el('tr',{'data-peer-id':v.id,'data-state':v.state});
    const name=el('td');name.append(el('span',{},(p.label||v.name)+' '),el('span',{class:'tr'},v.id.slice(0,8)));if(!v.verified)name.append(el('div',{class:'unverified'},'legacy, unverified'));if(v.away)name.append(el('div',{class:'tr'},'away: '+v.away));
    tr.append(name,el('td',{class:v.state},v.state),el('td',{class:'tr'},p.machineState),el('td',{},v.rtt==null?'-':v.rtt.toFixed(2)+' ms'),el('td',{},p.chatsIn+' / '+p.chatsOut));
    const tt=el('td',{class:'tr'});p.transitions.slice(-6).forEach(t=>tt.append(el('div',{},t.event+' → '+t.to)));tr.append(tt);tb.append(tr);}
  const st=document.getElementById('stats');st.replaceChildren();
  if(m.stats){const d=m.stats.drops;st.append(el('div',{},m.stats.messagesPerSecond.toFixed(1)+' messages/s; dropped: '+d.rate_limit+' rate limit, '+d.decode+' decode, '+d.size+' size, '+d.refused+' refused'));
    for(const p of m.stats.peers)st.append(el('div',{'data-stats-peer':p.id},p.name+': in '+p.messagesIn+' msgs / '+p.bytesIn+' B, out '+p.messagesOut+' msgs / '+p.bytesOut+' B'));}
  const chat=document.getElementById('chat');chat.replaceChildren();
  for(const c of m.chat){const d=el('div',{},'['+new Date(c.timestamp*1000).toTimeString().slice(0,8)+'] '+c.from+(c.private?' (private)':'')+': '+c.content);if(!c.verified)d.className='unverified';chat.append(d)}
}
const es=new EventSource('/events'+location.search);
es.onopen=()=>{document.getElementById('status').textContent='live'};
es.onerror=()=>{document.getElementById('status').textContent='disconnected'};
es.onmessage=e=>draw(JSON.parse(e.data));
</script></body></html>`;
