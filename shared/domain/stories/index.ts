export { anchored, chooseStory, eventKey, sameHeadline, DEFAULT_STORY_OPTIONS, joins, type StoryChoice, type StoryMemberSignature, type StoryOptions } from './assign.js';
export { bcubed, type BCubed } from './bcubed.js';
export { nameKey, transliterate } from './name-key.js';
export { articleSignature, crossesLanguages, isCommonPlace, isSpecific, isYear, keyKind, MAX_KEYS, type ArticleSignature, type KeyKind, type SignatureInput } from './signature.js';
export { describeEvidence, rarity, similarity, type StoryFrequency, type SharedKey, type Similarity } from './similarity.js';
export { StoryWindow, type WindowAssignment } from './story-window.js';
export { signatureOfArticle, storyTime, type StoryArticleText } from './story-article.js';
