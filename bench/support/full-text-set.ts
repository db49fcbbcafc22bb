/**
 * A labelled set for full text, written for this bench: excerpt-only feed items with their article pages and the
 * topics each should match. Each article has a hand-written title, excerpt (its lead, cut with "…") and the
 * paragraphs that carry its facts, placed where a news article would have them (topic names often late); neutral
 * paragraphs pad it to a news article's length. Most pages carry distractors: topic names only in the navigation,
 * "most read" and related lists, tag clouds, sidebars and footers, which must not match. The labels are the topics
 * the article's own text is about (`topics`), and nothing else.
 */
import type { TopicQuery } from '../../shared/domain/topics/index.js';

export const FULL_TEXT_TOPICS: TopicQuery[] = [
  { id: 'csto', query: 'CSTO OR ОДКБ OR "Collective Security Treaty Organization"' },
  { id: 'nagorno-karabakh', query: 'Karabakh OR Karabagh OR Artsakh OR Карабах*' },
  { id: 'grain', query: 'wheat OR grain OR maize' },
  { id: 'gas', query: '"gas pipeline" OR LNG OR "natural gas"' },
  { id: 'elections', query: 'election* OR ballot* OR referendum' },
  { id: 'earthquakes', query: 'earthquake* OR quake OR tremor*' },
];

export interface Furniture {
  nav?: string[];
  mostRead?: string[];
  related?: string[];
  tags?: string[];
  sidebar?: string[];
  footer?: string[];
}

export interface LabelledArticle {
  title: string;
  /** The feed's text: the article's lead, cut off. */
  excerpt: string;
  /** Paragraphs of the article's own, each at its position among the padded paragraphs (0-based). */
  facts: Array<[position: number, text: string]>;
  /** How many paragraphs the article has in all (the rest neutral). */
  length: number;
  furniture: Furniture;
  /** The topics the article is about: what matching should find. */
  topics: string[];
  /** The page has too little text (a paywall stub): only the excerpt can match. */
  paywalled?: boolean;
}

/** Neutral paragraphs of the kind news articles are padded with: quotes, context, procedure, none naming a topic. */
const NEUTRAL = [
  'Officials who spoke on condition of anonymity said the talks had gone on late into the night and that several drafts had been exchanged before the final wording was agreed.',
  'The statement did not say how the decision would be paid for, and a spokesperson declined to give further details when asked by reporters on Tuesday.',
  'Analysts said the move had been expected for some time, although its timing surprised some observers who had expected a decision only after the new year.',
  'The ministry said it would publish a fuller account of the meeting in the coming days, together with the documents that were signed by the delegations.',
  'Opposition politicians criticised the plan as rushed, saying parliament had not been given enough time to study the proposals before they were approved.',
  'A similar arrangement was tried a decade ago but was abandoned after two years, when funding ran out and the partners could not agree on its priorities.',
  'Local residents interviewed by our correspondent were sceptical, saying they had heard many promises before and would judge the plan by its results.',
  'The government has faced mounting pressure over rising prices, and ministers have sought to show that they are taking steps to ease the burden on households.',
  'Diplomats in the capital said the meeting was cordial but that differences remained on several points, including the sequence in which steps would be taken.',
  'The agreement still has to be ratified by the parliaments of the countries involved, a process that could take several months to complete.',
  'Experts cautioned that the figures were preliminary and could be revised once the statistics office completes its annual review in the spring.',
  'The president thanked the delegations for their work and said the outcome showed what could be achieved when the parties were willing to compromise.',
];

const MENU = ['World', 'Politics', 'Business', 'Caucasus', 'Central Asia', 'Opinion', 'Culture', 'Sport'];

export const LABELLED_ARTICLES: LabelledArticle[] = [
  {
    title: 'Foreign ministers meet in Moscow on the bloc’s budget',
    excerpt: 'Foreign ministers of the Collective Security Treaty Organization met in Moscow on Monday to agree the budget for 2027…',
    facts: [[0, 'Foreign ministers of the Collective Security Treaty Organization met in Moscow on Monday to agree the budget for 2027 and the make-up of the joint forces.'], [8, 'Armenia, which froze its participation after the fighting over Nagorno Karabakh in 2023, did not send a delegation, and its seat stayed empty.']],
    length: 10, furniture: { nav: [...MENU, 'Karabakh'], mostRead: ['Ceasefire holds in Karabakh', 'Wheat prices fall'], tags: ['CSTO', 'Moscow'] }, topics: ['csto', 'nagorno-karabakh'],
  },
  {
    title: 'Grain corridor traffic rises for a third month',
    excerpt: 'Ships carrying wheat and maize through the Black Sea corridor rose again in November, port data show […]',
    facts: [[0, 'Ships carrying wheat and maize through the Black Sea corridor rose again in November, port data show, the third monthly rise in a row.'], [3, 'Insurers have cut the premiums they charge for the route as traffic has become more predictable.']],
    length: 7, furniture: { nav: MENU, mostRead: ['Karabakh refugees mark anniversary', 'Earthquake hits the coast'], tags: ['Karabakh', 'Earthquakes'] }, topics: ['grain'],
  },
  {
    title: 'Yerevan hosts talks on returnees',
    excerpt: 'Negotiators met in Yerevan to discuss property rights for people displaced in 2023…',
    facts: [[0, 'Negotiators met in Yerevan to discuss property rights for people displaced in 2023, the first such meeting this year.'], [5, 'About 100,000 people left Nagorno-Karabakh in a matter of days after the offensive, and most now live in Armenia.']],
    length: 9, furniture: { mostRead: ['CSTO council meets'], related: ['Election date set'] }, topics: ['nagorno-karabakh'],
  },
  {
    title: 'Parliament sets date for early vote',
    excerpt: 'Lawmakers voted on Thursday to dissolve parliament and hold early elections in March…',
    facts: [[0, 'Lawmakers voted on Thursday to dissolve parliament and hold early elections in March, ending months of deadlock.'], [6, 'The electoral commission said ballots would be printed in three languages for the first time.']],
    length: 8, furniture: { nav: MENU, tags: ['Elections', 'Parliament', 'CSTO'] }, topics: ['elections'],
  },
  {
    title: 'Strong tremor shakes the capital overnight',
    excerpt: 'A magnitude 5.8 earthquake struck south of the capital shortly after midnight…',
    facts: [[0, 'A magnitude 5.8 earthquake struck south of the capital shortly after midnight, waking residents and damaging older buildings.'], [4, 'Aftershocks continued through the morning, and schools in the region were closed as engineers checked their walls.']],
    length: 7, furniture: { mostRead: ['Gas pipeline deal signed', 'Wheat harvest record'], footer: ['About', 'Contact'] }, topics: ['earthquakes'],
  },
  {
    title: 'New pipeline deal signed after long talks',
    excerpt: 'The two governments signed an agreement on Wednesday to build a link across the border…',
    facts: [[0, 'The two governments signed an agreement on Wednesday to build a link across the border after four years of talks.'], [7, 'The natural gas pipeline will carry up to ten billion cubic metres a year once it is finished in 2029.']],
    length: 10, furniture: { nav: MENU, related: ['Election results contested', 'Quake damage assessed'], tags: ['Energy'] }, topics: ['gas'],
  },
  {
    title: 'Ministers discuss joint air defence',
    excerpt: 'Defence ministers of the bloc discussed a shared air defence system for its southern members…',
    facts: [[0, 'Defence ministers of the bloc discussed a shared air defence system for its southern members at a meeting in Astana.'], [9, 'The CSTO secretariat said the plan would be presented to leaders at their summit in the autumn.']],
    length: 11, furniture: { mostRead: ['Karabakh talks stall'], tags: ['Defence', 'Kazakhstan'] }, topics: ['csto'],
  },
  {
    title: 'Farmers count losses after dry summer',
    excerpt: 'Farmers in the south say yields have fallen by a third after the driest summer on record...',
    facts: [[0, 'Farmers in the south say yields have fallen by a third after the driest summer on record, and some have sold livestock.'], [5, 'The wheat harvest is expected to be the smallest in ten years, the agriculture ministry said.']],
    length: 8, furniture: { nav: MENU, mostRead: ['Earthquake toll rises'], sidebar: ['Live: election night'] }, topics: ['grain'],
  },
  {
    title: 'Border villages rebuild after shelling',
    excerpt: 'Residents of villages along the border have begun to rebuild homes damaged in the fighting…',
    facts: [[0, 'Residents of villages along the border have begun to rebuild homes damaged in the fighting, helped by a state programme.'], [6, 'Many of the families came from Artsakh and say they will not return while the region is under Azerbaijani control.']],
    length: 9, furniture: { tags: ['Armenia'], related: ['Gas prices rise again'] }, topics: ['nagorno-karabakh'],
  },
  {
    title: 'Turnout low in local polls',
    excerpt: 'Fewer than a third of voters took part in Sunday’s municipal elections, officials said…',
    facts: [[0, 'Fewer than a third of voters took part in Sunday’s municipal elections, officials said, the lowest turnout since independence.']],
    length: 6, furniture: { nav: MENU, mostRead: ['CSTO drills begin', 'Karabakh anniversary'], tags: ['CSTO'] }, topics: ['elections'],
  },
  {
    title: 'Energy ministers meet on winter supplies',
    excerpt: 'Energy ministers met to discuss how to keep homes warm this winter as demand rises…',
    facts: [[0, 'Energy ministers met to discuss how to keep homes warm this winter as demand rises and storage runs below last year’s level.'], [4, 'Imports of LNG through the new terminal are expected to cover a fifth of demand in January.'], [8, 'Grain dryers on farms also use gas, and the farmers’ union asked for a guaranteed supply during the harvest.']],
    length: 10, furniture: { mostRead: ['Earthquake drill held'], tags: ['Energy', 'Winter'] }, topics: ['gas', 'grain'],
  },
  {
    title: 'Summit ends without joint statement',
    excerpt: 'Leaders ended their two-day summit without agreeing on a joint statement, diplomats said [...]',
    facts: [[0, 'Leaders ended their two-day summit without agreeing on a joint statement, diplomats said, after a dispute over wording.'], [7, 'The dispute was over a paragraph on Karabakh that Baku wanted removed and Yerevan wanted kept.'], [9, 'It was the first meeting of the Collective Security Treaty Organization leaders since the spring.']],
    length: 11, furniture: { nav: MENU, mostRead: ['Wheat exports up'] }, topics: ['nagorno-karabakh', 'csto'],
  },
  {
    title: 'Engineers inspect dam after quake',
    excerpt: 'Engineers inspected the dam above the city after Tuesday’s quake, and said it was safe…',
    facts: [[0, 'Engineers inspected the dam above the city after Tuesday’s quake, and said it was safe but needed repairs to one spillway.']],
    length: 6, furniture: { related: ['Election commission meets'], tags: ['Infrastructure'] }, topics: ['earthquakes'],
  },
  {
    title: 'Central bank holds rates steady',
    excerpt: 'The central bank kept its key rate unchanged on Friday, citing slowing inflation…',
    facts: [[0, 'The central bank kept its key rate unchanged on Friday, citing slowing inflation and a stable currency.'], [3, 'Food prices, which rose sharply last year, have eased as imports recovered.']],
    length: 7, furniture: { nav: MENU, mostRead: ['Karabakh ceasefire', 'CSTO summit', 'Gas pipeline deal'], tags: ['Economy', 'Karabakh'], footer: ['Earthquake hotline'] }, topics: [],
  },
  {
    title: 'Museum reopens after renovation',
    excerpt: 'The national museum reopened its doors on Saturday after a three-year renovation…',
    facts: [[0, 'The national museum reopened its doors on Saturday after a three-year renovation that restored its glass roof.']],
    length: 6, furniture: { mostRead: ['Election debate tonight', 'Grain prices'], sidebar: ['Karabakh: the story so far'] }, topics: [],
  },
  {
    title: 'Railway link to the coast repaired',
    excerpt: 'The railway link to the coast reopened after a month of repairs, the operator said…',
    facts: [[0, 'The railway link to the coast reopened after a month of repairs, the operator said, easing a bottleneck at the ports.'], [5, 'Most of the freight on the line is grain bound for export, and terminals had been filling up.']],
    length: 8, furniture: { nav: MENU, tags: ['Transport', 'Earthquakes'] }, topics: ['grain'],
  },
  {
    title: 'Opposition calls for a vote on the constitution',
    excerpt: 'Opposition leaders called on Monday for changes to the constitution to be put to the people…',
    facts: [[0, 'Opposition leaders called on Monday for changes to the constitution to be put to the people rather than decided by parliament.'], [6, 'They want a referendum before the summer, but the government says there is no time to organise one.']],
    length: 9, furniture: { mostRead: ['Quake aftershocks'], related: ['CSTO budget'] }, topics: ['elections'],
  },
  {
    title: 'Peacekeepers leave the region',
    excerpt: 'The last peacekeepers left the region on Friday, ending a deployment that began in 2020…',
    facts: [[0, 'The last peacekeepers left the region on Friday, ending a deployment that began in 2020 after the six-week war.'], [4, 'Their departure from Karabakh was agreed in the spring, earlier than the date set in the ceasefire statement.']],
    length: 8, furniture: { nav: MENU, tags: ['Russia'], related: ['Gas talks resume'] }, topics: ['nagorno-karabakh'],
  },
  {
    title: 'Drills begin in the mountains',
    excerpt: 'Troops from five countries began a week of exercises in the mountains on Monday…',
    facts: [[0, 'Troops from five countries began a week of exercises in the mountains on Monday, practising the defence of a mountain pass.'], [6, 'The drills are held every year under the flag of the CSTO, the Moscow-led military alliance.']],
    length: 9, furniture: { mostRead: ['Election results', 'Karabakh returnees'] }, topics: ['csto'],
  },
  {
    title: 'Exporters welcome lower port fees',
    excerpt: 'Exporters welcomed the decision to cut port fees by a tenth from January…',
    facts: [[0, 'Exporters welcomed the decision to cut port fees by a tenth from January, saying it would help them compete.'], [3, 'Shipments of maize and barley make up most of the port’s winter trade.'], [7, 'A planned LNG terminal at the port has been delayed by a year.']],
    length: 9, furniture: { nav: MENU, tags: ['Trade'] }, topics: ['grain', 'gas'],
  },
  {
    title: 'Heavy snow closes mountain passes',
    excerpt: 'Heavy snow closed the main mountain passes on Tuesday, cutting off several villages…',
    facts: [[0, 'Heavy snow closed the main mountain passes on Tuesday, cutting off several villages and stranding hundreds of lorries.']],
    length: 6, furniture: { mostRead: ['Earthquake kills two', 'Election called'], tags: ['Weather', 'Karabakh'] }, topics: [],
  },
  {
    title: 'Court rules on disputed count',
    excerpt: 'The constitutional court upheld the results in three disputed districts on Wednesday…',
    facts: [[0, 'The constitutional court upheld the results in three disputed districts on Wednesday, rejecting the opposition’s appeal.'], [5, 'Observers had reported irregularities at a dozen polling stations during the parliamentary election in October.']],
    length: 8, furniture: { nav: MENU, related: ['Quake relief fund'] }, topics: ['elections'],
  },
  {
    title: 'Minister visits flood-hit district',
    excerpt: 'The emergencies minister visited the flood-hit district on Sunday and promised compensation…',
    facts: [[0, 'The emergencies minister visited the flood-hit district on Sunday and promised compensation to families who lost their homes.'], [5, 'The area was still recovering from the tremors that damaged hundreds of houses two years ago.']],
    length: 8, furniture: { mostRead: ['CSTO meeting', 'LNG deal'] }, topics: ['earthquakes'],
  },
  {
    title: 'Trade fair opens with record number of exhibitors',
    excerpt: 'A record 900 companies are exhibiting at this year’s trade fair, the organisers said…',
    facts: [[0, 'A record 900 companies are exhibiting at this year’s trade fair, the organisers said, a third of them from abroad.']],
    length: 7, furniture: { nav: MENU, mostRead: ['Gas pipeline', 'Wheat'], tags: ['Business', 'Grain', 'LNG'], footer: ['Election coverage'] }, topics: [],
  },
  {
    title: 'Alliance secretary general visits Dushanbe',
    excerpt: 'The alliance’s secretary general arrived in Dushanbe on Tuesday for talks on border security…',
    facts: [[0, 'The alliance’s secretary general arrived in Dushanbe on Tuesday for talks on border security with the Afghan frontier in focus.'], [5, 'ОДКБ officials said a new training programme for border guards would start in the spring.']],
    length: 8, furniture: { mostRead: ['Karabakh talks'], tags: ['Tajikistan'] }, topics: ['csto'],
  },
  {
    title: 'Gas prices for households to rise',
    excerpt: 'Households will pay more for heating from January after the regulator approved new tariffs…',
    facts: [[0, 'Households will pay more for heating from January after the regulator approved new tariffs on Friday.'], [2, 'The price of natural gas for homes will rise by twelve percent, the first increase in three years.']],
    length: 7, furniture: { nav: MENU, related: ['Earthquake insurance'] }, topics: ['gas'],
  },
  {
    title: 'Historians publish archive of wartime letters',
    excerpt: 'A group of historians has published thousands of letters written by soldiers and their families…',
    facts: [[0, 'A group of historians has published thousands of letters written by soldiers and their families during the wars of the 1990s.'], [6, 'Many of the letters were written from the front lines in Karabakh and were kept by families for decades.']],
    length: 9, furniture: { mostRead: ['CSTO drills'], tags: ['History'] }, topics: ['nagorno-karabakh'],
  },
  {
    title: 'New mayor sworn in',
    excerpt: 'The capital’s new mayor was sworn in on Monday and promised to fix the city’s roads…',
    facts: [[0, 'The capital’s new mayor was sworn in on Monday and promised to fix the city’s roads and expand the metro.'], [4, 'He won the run-off election in November with 54 percent of the vote.']],
    length: 7, furniture: { nav: MENU, mostRead: ['Karabakh'], sidebar: ['Gas prices'] }, topics: ['elections'],
  },
  {
    title: 'Harvest festival draws crowds',
    excerpt: 'Thousands of people came to the harvest festival in the valley at the weekend…',
    facts: [[0, 'Thousands of people came to the harvest festival in the valley at the weekend, the largest in years.'], [3, 'Bakers showed bread made from old local varieties of wheat that farmers have begun to grow again.']],
    length: 6, furniture: { mostRead: ['Quake', 'CSTO'], tags: ['Culture'] }, topics: ['grain'],
  },
  {
    title: 'Seismologists map fault line under the city',
    excerpt: 'Seismologists have finished mapping a fault line that runs beneath the city’s centre…',
    facts: [[0, 'Seismologists have finished mapping a fault line that runs beneath the city’s centre, the first such survey in fifty years.'], [6, 'They say an earthquake of magnitude seven is possible and urge the city to strengthen schools and hospitals.']],
    length: 9, furniture: { nav: MENU, related: ['Election debate'] }, topics: ['earthquakes'],
  },
  {
    title: 'Defence budget to grow next year',
    excerpt: 'The government plans to raise defence spending by a fifth next year, the draft budget shows…',
    facts: [[0, 'The government plans to raise defence spending by a fifth next year, the draft budget shows.'], [5, 'Part of the money will go to the country’s contribution to the Collective Security Treaty Organization’s joint forces.']],
    length: 8, furniture: { mostRead: ['Karabakh'], tags: ['Budget'] }, topics: ['csto'],
    paywalled: true,
  },
  {
    title: 'Wine exports reach new markets',
    excerpt: 'Wine exports rose by a quarter this year as producers found buyers in Asia…',
    facts: [[0, 'Wine exports rose by a quarter this year as producers found buyers in Asia and the Gulf.']],
    length: 6, furniture: { nav: MENU, mostRead: ['Grain exports', 'Karabakh', 'Earthquake'], tags: ['Wine', 'Karabakh'] }, topics: [],
  },
  {
    title: 'Talks on transit routes resume',
    excerpt: 'Officials from the neighbouring countries resumed talks on opening transit routes…',
    facts: [[0, 'Officials from the neighbouring countries resumed talks on opening transit routes closed for three decades.'], [7, 'A route through the south would let grain and fuel reach the ports faster, officials said.'], [9, 'The roads were closed after the first war over Nagorno Karabakh in the early 1990s.']],
    length: 11, furniture: { mostRead: ['Election'], tags: ['Transport'] }, topics: ['grain', 'nagorno-karabakh'],
  },
  {
    title: 'Quake drill held in schools',
    excerpt: 'Schools across the country held an earthquake drill on Thursday…',
    facts: [[0, 'Schools across the country held an earthquake drill on Thursday, the first since the new safety rules came in.']],
    length: 6, furniture: { nav: MENU, related: ['CSTO summit'] }, topics: ['earthquakes'],
  },
];

/** The article's paragraphs: its facts at their positions, neutral ones around them. */
export function paragraphsOf(article: LabelledArticle, index: number): string[] {
  const out: string[] = [];
  const facts = new Map(article.facts);
  for (let i = 0; i < article.length; i++) out.push(facts.get(i) ?? NEUTRAL[(index * 5 + i * 7) % NEUTRAL.length]!);
  return out;
}

const list = (items: string[] = []) => items.map((t, i) => `<li><a href="/story/${i}">${t}</a></li>`).join('');

/**
 * The article as a news site serves it: head with metadata, scripts and styles, a mega-menu, the article, share
 * buttons, a sidebar, a comments box, a footer. `padKb` of markup (menus and scripts) makes it as large as real pages.
 */
export function pageOf(article: LabelledArticle, index: number, padKb = 60): string {
  const paragraphs = article.paywalled ? ['This article is for subscribers. Subscribe to read on.'] : paragraphsOf(article, index);
  const f = article.furniture;
  // Real pages are mostly markup around the article: about 40 % inline state and scripts, 60 % menus and link lists.
  const script = `<script>window.__STATE__=${JSON.stringify({ menu: Array.from({ length: Math.round((padKb * 0.4 * 1024) / 30) }, (_, i) => ({ id: i, label: `section-${i}` })) })};</script>`;
  const megaMenu = Array.from({ length: Math.round((padKb * 0.6 * 1024) / 400) }, (_, g) => `<li class="menu-group"><span>Group ${g}</span><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/section/${g}/${i}">Section ${g}.${i}</a></li>`).join('')}</ul></li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${article.title} | Sample Daily</title>
<meta name="description" content="${article.excerpt.replace(/"/g, '&quot;')}"><style>body{font-family:serif}.nav a{color:#333}</style>${script}</head>
<body><header class="site-header"><a class="logo" href="/">Sample Daily</a>
<nav class="primary-nav"><ul>${list(f.nav ?? MENU)}${megaMenu}</ul></nav></header>
<div class="container"><main><article class="article">
<h1>${article.title}</h1><p class="byline"><a rel="author" href="/a">Staff reporter</a></p>
<div class="article-body">${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</div>
<div class="share-buttons"><a href="#">Share</a> <a href="#">Post</a></div>
${f.tags ? `<div class="tags">Tags: ${f.tags.map((t) => `<a href="/tag/${encodeURIComponent(t)}">${t}</a>`).join(' ')}</div>` : ''}
</article>
${f.related ? `<section class="related"><h2>Related</h2><ul>${list(f.related)}</ul></section>` : ''}
<section id="comments"><h2>Comments</h2><p>Comments are closed.</p></section></main>
<aside class="sidebar">${f.mostRead ? `<div class="most-read"><h2>Most read</h2><ol>${list(f.mostRead)}</ol></div>` : ''}${f.sidebar ? `<div class="widget"><ul>${list(f.sidebar)}</ul></div>` : ''}</aside></div>
<footer class="site-footer"><ul>${list([...(f.footer ?? []), 'About us', 'Contact', 'Privacy'])}</ul></footer></body></html>`;
}
