// Addresses of posts that the public page shows as an embed (see the contract's list).
const PATTERNS = [
  ["youtube", /^https:\/\/(?:www\.|m\.)?youtube\.com\/watch\?(?:[^\s#]*&)?v=[\w-]+[^\s]*$/i],
  ["youtube", /^https:\/\/youtu\.be\/[\w-]+(?:[?#][^\s]*)?$/i],
  ["youtube", /^https:\/\/(?:www\.|m\.)?youtube\.com\/shorts\/[\w-]+\/?(?:[?#][^\s]*)?$/i],
  ["vimeo", /^https:\/\/(?:www\.)?vimeo\.com\/\d+\/?(?:[?#][^\s]*)?$/i],
  ["facebook", /^https:\/\/(?:www\.|m\.|web\.)?facebook\.com\/[^\s/?#]+\/(?:posts|videos)\/[^\s]+$/i],
  ["facebook", /^https:\/\/fb\.watch\/[^\s]+$/i],
  ["facebook", /^https:\/\/(?:www\.|m\.|web\.)?facebook\.com\/watch\/?\?(?:[^\s#]*&)?v=\d+[^\s]*$/i],
  ["x", /^https:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/\w+\/status\/\d+\/?(?:[?#][^\s]*)?$/i],
  ["instagram", /^https:\/\/(?:www\.)?instagram\.com\/(?:p|reel)\/[\w-]+\/?(?:[?#][^\s]*)?$/i],
  ["tiktok", /^https:\/\/(?:www\.)?tiktok\.com\/@[\w.-]+\/video\/\d+\/?(?:[?#][^\s]*)?$/i],
];

export const PROVIDER_NAMES = {
  youtube: "YouTube",
  vimeo: "Vimeo",
  facebook: "Facebook",
  x: "X",
  instagram: "Instagram",
  tiktok: "TikTok",
};

/** The provider of a recognised post address, or null. */
export function embedProvider(text) {
  const url = (text || "").trim();
  if (!url || url.length > 2000) return null;
  for (const [provider, re] of PATTERNS) if (re.test(url)) return provider;
  return null;
}
