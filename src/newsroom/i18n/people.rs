//! Bangla for the newsroom's pages about people: staff, invitations, readers, comments and
//! moderation, and the refusals every role may meet.

/// Staff, invitations, readers, comments, moderation, refusals.
pub const BN: &[(&str, &str)] = &[
    // Refusals: what a role does not include, and what it can do instead.
    ("Your role ({role}) does not include {doing}. ", "আপনার ভূমিকায় ({role}) {doing} অন্তর্ভুক্ত নয়। "),
    ("reading the newsroom's stories", "নিউজরুমের প্রতিবেদন পড়া"),
    ("writing or editing stories", "প্রতিবেদন লেখা বা সম্পাদনা"),
    (
        "publishing, scheduling, unpublishing or correcting stories",
        "প্রতিবেদন প্রকাশ, প্রকাশের সময় নির্ধারণ, প্রকাশ প্রত্যাহার বা সংশোধন",
    ),
    ("moderating readers' comments", "পাঠকদের মন্তব্য মডারেট করা"),
    ("banning readers", "পাঠকদের নিষিদ্ধ করা"),
    ("the list of readers", "পাঠকদের তালিকা"),
    ("the media library", "ছবির লাইব্রেরি"),
    ("the site's settings", "সাইটের সেটিংস"),
    ("managing staff accounts and invitations", "কর্মীদের অ্যাকাউন্ট ও আমন্ত্রণ ব্যবস্থাপনা"),
    ("curating the front pages, the breaking-news banner and polls", "প্রথম পাতা, ব্রেকিং নিউজ ব্যানার ও জনমত জরিপ সাজানো"),
    ("the site's own pages", "সাইটের নিজস্ব পাতা"),
    ("returning stories to their reporters", "প্রতিবেদন প্রতিবেদকের কাছে ফেরত পাঠানো"),
    ("the desk's notes on a story", "প্রতিবেদনে ডেস্কের নোট"),
    ("notifications", "বিজ্ঞপ্তি"),
    ("the bylines", "বাইলাইন"),
    ("editing another person's byline", "অন্যের বাইলাইন সম্পাদনা"),
    (
        "adding, retiring and merging desks, contributors and agencies",
        "ডেস্ক, অবদানকারী ও সংবাদ সংস্থা যোগ করা, অবসরে পাঠানো ও একীভূত করা",
    ),
    ("managing the sections", "বিভাগ ব্যবস্থাপনা"),
    ("creating topics", "বিষয় তৈরি করা"),
    ("renaming, merging and deleting topics", "বিষয়ের নাম বদলানো, একীভূত করা ও মুছে ফেলা"),
    ("the redirects of old addresses", "পুরোনো ঠিকানার রিডাইরেক্ট"),
    (
        "The newsroom is for the site's staff, and this is a reader's account. If you work here, an admin can \
         invite you; until then you can read and comment on the site.",
        "নিউজরুম সাইটের কর্মীদের জন্য, আর এটি একজন পাঠকের অ্যাকাউন্ট। আপনি এখানে কাজ করলে একজন অ্যাডমিন \
         আপনাকে আমন্ত্রণ জানাতে পারেন; ততদিন আপনি সাইটে পড়তে ও মন্তব্য করতে পারেন।",
    ),
    (
        "As a reporter you write your own stories, add images from the media library, keep your byline and \
         submit stories for review; editors publish them. Your stories are in the article list at /newsroom.",
        "প্রতিবেদক হিসেবে আপনি নিজের প্রতিবেদন লেখেন, ছবির লাইব্রেরি থেকে ছবি যোগ করেন, নিজের বাইলাইন \
         হালনাগাদ রাখেন এবং প্রতিবেদন পর্যালোচনার জন্য জমা দেন; সম্পাদকেরা সেগুলো প্রকাশ করেন। আপনার \
         প্রতিবেদনগুলো আছে প্রতিবেদনের তালিকায় (/newsroom)।",
    ),
    (
        "As an editor you write, edit, schedule, publish and correct every story, and curate the front pages, \
         polls, the site's pages, bylines, sections and topics; start from the article list at /newsroom. \
         Comments are the moderators' work, staff accounts and settings the admins'.",
        "সম্পাদক হিসেবে আপনি সব প্রতিবেদন লেখেন, সম্পাদনা করেন, প্রকাশের সময় ঠিক করেন, প্রকাশ ও সংশোধন \
         করেন, আর প্রথম পাতা, জনমত জরিপ, সাইটের পাতা, বাইলাইন, বিভাগ ও বিষয় সাজান; শুরু করুন \
         প্রতিবেদনের তালিকা (/newsroom) থেকে। মন্তব্য দেখা মডারেটরদের কাজ, কর্মীদের অ্যাকাউন্ট ও সেটিংস \
         অ্যাডমিনদের।",
    ),
    (
        "As a moderator you look after readers' comments and ban or unban readers: the comment queue is at \
         /newsroom/comments and the readers at /newsroom/readers.",
        "মডারেটর হিসেবে আপনি পাঠকদের মন্তব্য দেখাশোনা করেন এবং পাঠকদের নিষিদ্ধ করেন বা নিষেধাজ্ঞা তুলে \
         নেন: মন্তব্যের সারি আছে /newsroom/comments ঠিকানায়, পাঠকদের তালিকা /newsroom/readers ঠিকানায়।",
    ),
    (
        "As an admin you may open every page of the newsroom, starting at /newsroom.",
        "অ্যাডমিন হিসেবে আপনি নিউজরুমের সব পাতা খুলতে পারেন; শুরু করুন /newsroom থেকে।",
    ),
    // The staff page.
    ("Readers' accounts are on the", "পাঠকদের অ্যাকাউন্টগুলো রয়েছে"),
    ("readers page", "পাঠক পাতায়"),
    ("Invite to the newsroom", "নিউজরুমে আমন্ত্রণ জানান"),
    ("Email", "ইমেইল"),
    ("Role", "ভূমিকা"),
    ("Language of the invitation and their newsroom", "আমন্ত্রণ ও তাঁর নিউজরুমের ভাষা"),
    ("Send invitation", "আমন্ত্রণ পাঠান"),
    ("Add a colleague directly", "সরাসরি সহকর্মী যোগ করুন"),
    (
        "When the site cannot send mail: the account is made now, and you get a link to hand over, with which \
         they choose their password.",
        "সাইট থেকে ইমেইল পাঠানো না গেলে: অ্যাকাউন্টটি এখনই তৈরি হবে, আর আপনি একটি লিংক পাবেন, যা \
         সহকর্মীর হাতে দেবেন; তা দিয়ে তিনি নিজের পাসওয়ার্ড বেছে নেবেন।",
    ),
    ("Add colleague", "সহকর্মী যোগ করুন"),
    ("Invitations waiting", "অপেক্ষমাণ আমন্ত্রণ"),
    ("No invitation is waiting for an answer.", "উত্তরের অপেক্ষায় কোনো আমন্ত্রণ নেই।"),
    ("Invited by", "আমন্ত্রণকারী"),
    ("Link", "লিংক"),
    ("Actions", "করণীয়"),
    ("Send again", "আবার পাঠান"),
    ("Revoke", "প্রত্যাহার করুন"),
    ("Staff accounts", "কর্মীদের অ্যাকাউন্ট"),
    ("Account", "অ্যাকাউন্ট"),
    ("Disable", "নিষ্ক্রিয় করুন"),
    ("Enable", "সক্রিয় করুন"),
    ("disabled {date}", "নিষ্ক্রিয় {date}"),
    ("{role} (you)", "{role} (আপনি)"),
    ("Role of {name}", "ভূমিকা: {name}"),
    ("expired {date}", "মেয়াদ শেষ হয়েছে {date}"),
    ("expires {date}", "মেয়াদ {date} পর্যন্ত"),
    ("{email} is now {role} (disabled).", "{email} এখন {role} (নিষ্ক্রিয়)।"),
    ("{email} is now {role}.", "{email} এখন {role}।"),
    ("Invitation sent to {email} as {role}.", "{email} ঠিকানায় {role} হিসেবে আমন্ত্রণ পাঠানো হয়েছে।"),
    (
        "Invitation sent again to {email}: the new link works for {n} days.",
        "{email} ঠিকানায় আবার আমন্ত্রণ পাঠানো হয়েছে: নতুন লিংকটি {n} দিন কাজ করবে।",
    ),
    (
        "The invitation to {email} is revoked: its link no longer works.",
        "{email} ঠিকানার আমন্ত্রণ প্রত্যাহার করা হয়েছে: এর লিংক আর কাজ করবে না।",
    ),
    ("Hand this link to {email}", "এই লিংকটি দিন: {email}"),
    (
        "It lets them choose their password and log in. It works once, until {date}, and is not shown again: \
         copy it now.",
        "এটি দিয়ে তিনি নিজের পাসওয়ার্ড বেছে নিয়ে লগইন করতে পারবেন। লিংকটি একবারই, {date} পর্যন্ত কাজ \
         করবে, আর আবার দেখানো হবে না: এখনই কপি করে নিন।",
    ),
    ("Give the colleague's email address, such as name@example.com.", "সহকর্মীর ইমেইল ঠিকানা দিন, যেমন name@example.com।"),
    ("Give the colleague's name, up to 60 characters.", "সহকর্মীর নাম দিন, অনধিক ৬০ অক্ষরে।"),
    (
        "Add a colleague as reporter, editor, moderator or admin.",
        "সহকর্মীকে প্রতিবেদক, সম্পাদক, মডারেটর বা অ্যাডমিন হিসেবে যোগ করুন।",
    ),
    (
        "{email} already has an account. Send it an invitation instead: accepting gives that account the role.",
        "{email} ঠিকানায় আগেই একটি অ্যাকাউন্ট আছে। তার বদলে আমন্ত্রণ পাঠান: আমন্ত্রণ গ্রহণ করলে ওই \
         অ্যাকাউন্ট ভূমিকাটি পাবে।",
    ),
    // Refusals of the staff page's actions.
    (
        "You cannot change your own role or disable yourself; ask another admin.",
        "নিজের ভূমিকা বদলানো বা নিজেকে নিষ্ক্রিয় করা যায় না; অন্য একজন অ্যাডমিনকে বলুন।",
    ),
    ("There is no account with this id.", "এই নম্বরে কোনো অ্যাকাউন্ট নেই।"),
    ("Give a valid email address to invite.", "আমন্ত্রণ জানাতে সঠিক ইমেইল ঠিকানা দিন।"),
    ("Invite as reporter, editor, moderator or admin.", "প্রতিবেদক, সম্পাদক, মডারেটর বা অ্যাডমিন হিসেবে আমন্ত্রণ জানান।"),
    ("Write the invitation in en (English) or bn (Bangla).", "আমন্ত্রণ লিখুন en (ইংরেজি) বা bn (বাংলা) ভাষায়।"),
    (
        "There is no invitation waiting with this number: it may have been accepted or revoked. The staff page lists \
         those still waiting.",
        "এই নম্বরে কোনো আমন্ত্রণ অপেক্ষায় নেই: হয়তো এটি গৃহীত বা প্রত্যাহার করা হয়েছে। অপেক্ষমাণ আমন্ত্রণগুলো \
         কর্মী পাতায় দেখা যাবে।",
    ),
    // The invitation mail.
    ("You are invited to the {site} newsroom", "{site} নিউজরুমে আপনাকে আমন্ত্রণ"),
    (
        "{inviter} invites you to join the {site} newsroom as {role}.\r\nOpen this link within 7 days to choose \
         your password. It works once:\r\n\r\n{link}\r\n",
        "{inviter} আপনাকে {role} হিসেবে {site} নিউজরুমে যোগ দেওয়ার আমন্ত্রণ জানিয়েছেন।\r\nনিজের পাসওয়ার্ড \
         বেছে নিতে ৭ দিনের মধ্যে এই লিংকটি খুলুন। লিংকটি একবারই কাজ করবে:\r\n\r\n{link}\r\n",
    ),
    // The page that accepts an invitation, in the invitation's language.
    ("Join the newsroom", "নিউজরুমে যোগ দিন"),
    ("Join the newsroom | {site}", "নিউজরুমে যোগ দিন | {site}"),
    ("Accept an invitation to the newsroom.", "নিউজরুমে যোগ দেওয়ার আমন্ত্রণ গ্রহণ করুন।"),
    ("You are invited as {role} with the address {email}.", "আপনাকে {role} হিসেবে আমন্ত্রণ জানানো হয়েছে, ঠিকানা {email}।"),
    ("Your name as colleagues and readers see it", "সহকর্মী ও পাঠকেরা আপনার যে নাম দেখবেন"),
    ("Choose a password", "পাসওয়ার্ড বেছে নিন"),
    ("Join", "যোগ দিন"),
    // The readers page.
    ("Name or email", "নাম বা ইমেইল"),
    ("No reader has an account yet.", "এখনো কোনো পাঠকের অ্যাকাউন্ট নেই।"),
    (
        "No reader's name or email contains “{q}”. Try part of a name, or the part of the address before the @.",
        "কোনো পাঠকের নাম বা ইমেইলে “{q}” নেই। নামের অংশ দিয়ে, অথবা ঠিকানার @ চিহ্নের আগের অংশ দিয়ে খুঁজে দেখুন।",
    ),
    ("Joined", "যোগদান"),
    ("Commenting", "মন্তব্যের অনুমতি"),
    ("account disabled", "অ্যাকাউন্ট নিষ্ক্রিয়"),
    ("Lift the ban", "নিষেধাজ্ঞা তুলে নিন"),
    ("allowed", "অনুমতি আছে"),
    ("Reason (the reader is told)", "কারণ (পাঠককে জানানো হবে)"),
    ("Length of the ban", "নিষেধাজ্ঞার মেয়াদ"),
    ("1 day", "১ দিন"),
    ("{n} days", "{n} দিন"),
    ("for good", "চিরতরে"),
    ("Ban", "নিষিদ্ধ করুন"),
    ("Pages of readers", "পাঠক তালিকার পাতা"),
    ("First page", "শুরুর পাতা"),
    ("Next page", "পরের পাতা"),
    ("banned for good: {reason}", "চিরতরে নিষিদ্ধ: {reason}"),
    ("banned until {date}: {reason}", "{date} পর্যন্ত নিষিদ্ধ: {reason}"),
    ("Reason for banning {name}", "নিষিদ্ধ করার কারণ: {name}"),
    ("Reader {id} is banned from commenting.", "পাঠক {id}-কে মন্তব্য করা থেকে নিষিদ্ধ করা হয়েছে।"),
    ("Reader {id} may comment again.", "পাঠক {id} আবার মন্তব্য করতে পারবেন।"),
    // Refusals of bans and moderation.
    (
        "{days} is not a number of days: choose one from the list, or for good.",
        "{days} দিনের সংখ্যা নয়: তালিকা থেকে একটি বেছে নিন, অথবা চিরতরে।",
    ),
    ("{days} is not a number of days.", "{days} দিনের সংখ্যা নয়।"),
    ("There is no comment with this id.", "এই নম্বরে কোনো মন্তব্য নেই।"),
    (
        "Another moderator decided on this comment just now. Reload the queue and look again.",
        "অন্য একজন মডারেটর এইমাত্র এই মন্তব্যের সিদ্ধান্ত নিয়েছেন। সারিটি আবার খুলে দেখুন।",
    ),
    ("Give the reason for the ban; the reader is told it.", "নিষেধাজ্ঞার কারণ লিখুন; পাঠককে তা জানানো হবে।"),
    ("There is no reader with this id.", "এই নম্বরে কোনো পাঠক নেই।"),
    ("This reader is not banned: they may already comment.", "এই পাঠক নিষিদ্ধ নন: তিনি এখনই মন্তব্য করতে পারেন।"),
    // Comment moderation.
    ("Queues", "সারি"),
    ("Held", "আটকে রাখা"),
    ("Reported", "অভিযোগ পাওয়া"),
    ("Recent", "সাম্প্রতিক"),
    ("Nothing in this queue.", "এই সারিতে কিছু নেই।"),
    ("{author} on {article}", "{author}, প্রতিবেদন: {article}"),
    ("held", "আটকে রাখা"),
    ("approved", "অনুমোদিত"),
    ("rejected", "প্রত্যাখ্যাত"),
    ("deleted", "মুছে ফেলা"),
    ("{n} report(s)", "{n}টি অভিযোগ"),
    ("Approve", "অনুমোদন করুন"),
    ("Hold back", "আটকে রাখুন"),
    ("Reject", "প্রত্যাখ্যান করুন"),
    ("Delete", "মুছে ফেলুন"),
    ("Ban {name}", "নিষিদ্ধ করুন: {name}"),
    ("Days (empty: for good)", "কত দিন (ফাঁকা রাখলে চিরতরে)"),
    ("Reason", "কারণ"),
    ("History", "ইতিহাস"),
    ("comment #{n}", "মন্তব্য #{n}"),
    ("reader #{n}", "পাঠক #{n}"),
    ("{who} approved {target}", "{who} {target} অনুমোদন করেছেন"),
    ("{who} held {target}", "{who} {target} আটকে রেখেছেন"),
    ("{who} rejected {target}", "{who} {target} প্রত্যাখ্যান করেছেন"),
    ("{who} deleted {target}", "{who} {target} মুছে ফেলেছেন"),
    ("{who} ban {target}", "{who} {target}-কে নিষিদ্ধ করেছেন"),
    ("{who} unban {target}", "{who} {target}-এর নিষেধাজ্ঞা তুলে নিয়েছেন"),
    ("Comment {id} {status}", "মন্তব্য {id}: {status}"),
    ("Reader {id} banned", "পাঠক {id} নিষিদ্ধ"),
];
