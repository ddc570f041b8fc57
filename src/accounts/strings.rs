//! Interface strings of the account pages in both editions.

use crate::editions::Lang;

/// Words of the account pages.
#[derive(Debug)]
pub struct AccountUi {
    pub login_title: &'static str,
    pub register_title: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub display_name: &'static str,
    pub submit_login: &'static str,
    pub submit_register: &'static str,
    pub no_account: &'static str,
    pub have_account: &'static str,
    pub forgot: &'static str,
    pub bad_login: &'static str,
    pub bad_email: &'static str,
    pub email_taken: &'static str,
    pub account_title: &'static str,
    pub signed_in_as: &'static str,
    pub save_name: &'static str,
    pub name_saved: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub change_password: &'static str,
    pub wrong_current: &'static str,
    pub password_changed_here: &'static str,
    pub password_hint: &'static str,
    pub log_out: &'static str,
    pub forgot_title: &'static str,
    pub send_link: &'static str,
    pub reset_sent: &'static str,
    pub reset_title: &'static str,
    pub reset_invalid: &'static str,
    pub password_changed: &'static str,
    /// The reset mail's subject, with the `{site}`'s name.
    pub reset_mail_subject: &'static str,
    /// The reset mail, with the `{site}`'s name and the `{link}`.
    pub reset_mail_body: &'static str,
}

impl AccountUi {
    /// The strings of an edition.
    pub fn of(lang: Lang) -> &'static Self {
        match lang {
            Lang::En => &EN,
            Lang::Bn => &BN,
        }
    }
}

static EN: AccountUi = AccountUi {
    login_title: "Log in",
    register_title: "Create an account",
    email: "Email",
    password: "Password",
    display_name: "Name shown with your comments",
    submit_login: "Log in",
    submit_register: "Create account",
    no_account: "New here? Create an account",
    have_account: "Already have an account? Log in",
    forgot: "Forgot your password?",
    bad_login: "That email and password do not match an account. Check both and try again.",
    bad_email: "Please enter a valid email address, such as name@example.com.",
    email_taken: "An account with this email already exists. Log in, or reset its password.",
    account_title: "Your account",
    signed_in_as: "Logged in as",
    save_name: "Save name",
    name_saved: "Your name has been saved.",
    current_password: "Current password",
    new_password: "New password",
    change_password: "Change password",
    wrong_current: "Your current password is not right, so nothing was changed.",
    password_changed_here: "Your password has been changed. Every other device has been logged out.",
    password_hint: "At least 8 characters. A few unrelated words make a strong password.",
    log_out: "Log out",
    forgot_title: "Reset your password",
    send_link: "Send reset link",
    reset_sent: "If an account exists for that address, we have sent it a link to choose a new password. The link works once, for 60 minutes.",
    reset_title: "Choose a new password",
    reset_invalid: "This reset link has expired or has already been used. Ask for a new one on the “Forgot your password?” page.",
    password_changed: "Your password has been changed. Log in with the new one.",
    reset_mail_subject: "Reset your {site} password",
    reset_mail_body: "Someone (we hope you) asked to reset the password of your {site} account.\r\n\
                      Open this link within 60 minutes to choose a new password. It works once:\r\n\r\n{link}\r\n\r\n\
                      If you did not ask, ignore this message; your password stays as it is.\r\n",
};

static BN: AccountUi = AccountUi {
    login_title: "লগইন",
    register_title: "অ্যাকাউন্ট খুলুন",
    email: "ইমেইল",
    password: "পাসওয়ার্ড",
    display_name: "মন্তব্যের পাশে যে নাম দেখাবে",
    submit_login: "লগইন করুন",
    submit_register: "অ্যাকাউন্ট খুলুন",
    no_account: "নতুন? অ্যাকাউন্ট খুলুন",
    have_account: "অ্যাকাউন্ট আছে? লগইন করুন",
    forgot: "পাসওয়ার্ড ভুলে গেছেন?",
    bad_login: "এই ইমেইল ও পাসওয়ার্ড কোনো অ্যাকাউন্টের সঙ্গে মেলেনি। দুটোই দেখে আবার চেষ্টা করুন।",
    bad_email: "সঠিক ইমেইল ঠিকানা লিখুন, যেমন name@example.com।",
    email_taken: "এই ইমেইলে আগেই একটি অ্যাকাউন্ট আছে। লগইন করুন অথবা পাসওয়ার্ড নতুন করে দিন।",
    account_title: "আপনার অ্যাকাউন্ট",
    signed_in_as: "লগইন করেছেন:",
    save_name: "নাম সংরক্ষণ করুন",
    name_saved: "আপনার নাম সংরক্ষণ করা হয়েছে।",
    current_password: "বর্তমান পাসওয়ার্ড",
    new_password: "নতুন পাসওয়ার্ড",
    change_password: "পাসওয়ার্ড বদলান",
    wrong_current: "বর্তমান পাসওয়ার্ড ঠিক নয়, তাই কিছুই বদলানো হয়নি।",
    password_changed_here: "আপনার পাসওয়ার্ড বদলানো হয়েছে। অন্য সব ডিভাইস থেকে লগআউট করা হয়েছে।",
    password_hint: "অন্তত ৮ অক্ষর। কয়েকটি অসম্পর্কিত শব্দ দিয়ে শক্ত পাসওয়ার্ড হয়।",
    log_out: "লগআউট",
    forgot_title: "পাসওয়ার্ড নতুন করে দিন",
    send_link: "লিংক পাঠান",
    reset_sent: "ওই ঠিকানায় কোনো অ্যাকাউন্ট থাকলে নতুন পাসওয়ার্ড বেছে নেওয়ার একটি লিংক পাঠানো হয়েছে। লিংকটি একবারই, ৬০ মিনিটের জন্য কাজ করবে।",
    reset_title: "নতুন পাসওয়ার্ড বেছে নিন",
    reset_invalid: "এই লিংকের মেয়াদ শেষ অথবা এটি আগেই ব্যবহার করা হয়েছে। নতুন লিংক চেয়ে নিন।",
    password_changed: "আপনার পাসওয়ার্ড বদলানো হয়েছে। নতুন পাসওয়ার্ড দিয়ে লগইন করুন।",
    reset_mail_subject: "আপনার {site} পাসওয়ার্ড নতুন করে দিন",
    reset_mail_body: "কেউ (আশা করি আপনিই) আপনার {site} অ্যাকাউন্টের পাসওয়ার্ড নতুন করে দেওয়ার অনুরোধ করেছেন।\r\n\
                      নতুন পাসওয়ার্ড বেছে নিতে ৬০ মিনিটের মধ্যে এই লিংকটি খুলুন। লিংকটি একবারই কাজ করবে:\r\n\r\n{link}\r\n\r\n\
                      আপনি অনুরোধ না করে থাকলে এই বার্তাটি উপেক্ষা করুন; আপনার পাসওয়ার্ড যেমন আছে তেমনই থাকবে।\r\n",
};
