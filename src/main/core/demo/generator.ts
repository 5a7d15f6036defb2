/**
 * Generates the demo account's conversations: deterministic from a seed, so the demo
 * inbox is the same after every restart and in every test.
 */
import { prng } from '../../../shared/prng';
import type { RemoteConversation, RemoteMessage, RemoteParticipant } from '../providers/types';

const FIRST = ['Lea', 'Amara', 'Jonas', 'Priya', 'Mateo', 'Sofia', 'Kenji', 'Olivia', 'Noah', 'Fatima', 'Lucas', 'Ingrid', 'Diego', 'Hana', 'Tariq', 'Chloé', 'Ravi', 'Elena', 'Marcus', 'Yara', 'Felix', 'Aisha', 'Tomás', 'Mei', 'Oskar', 'Zanele', 'Hugo', 'Nadia', 'Samuel', 'Ines'];
const LAST = ['Sommer', 'Okafor', 'Lindqvist', 'Raman', 'García', 'Rossi', 'Tanaka', 'Brennan', 'Fischer', 'Haddad', 'Moreau', 'Berg', 'Alvarez', 'Kim', 'Nasser', 'Dubois', 'Iyer', 'Petrova', 'Johnson', 'Mansour', 'Keller', 'Bello', 'Silva', 'Chen', 'Nowak', 'Dlamini', 'Laurent', 'Popescu', 'Adeyemi', 'Costa'];
const COMPANIES = ['Nordlicht GmbH', 'Brightpath Labs', 'Cobalt Health', 'Fernhill Capital', 'Quanta Robotics', 'Atlas Freight', 'Lumen Analytics', 'Juniper Studio', 'Helix Bio', 'Northwind Retail', 'Sable Security', 'Tidewater Energy', 'Orbit Payments', 'Maple & Co', 'Vantage Talent'];
const HEADLINES = ['Head of Sales', 'VP Engineering', 'Founder & CEO', 'Talent Partner', 'Product Lead', 'Growth Marketer', 'CTO', 'Account Executive', 'Recruiter', 'Head of Partnerships', 'Investor', 'Design Director', 'Operations Manager', 'Data Scientist', 'Customer Success Lead'];
const THEIRS = [
  'Thanks for reaching out! Happy to chat next week.',
  'Could you send over a short deck?',
  'Interesting — what does pricing look like for a team of 20?',
  'We are heads-down on a launch until the 15th, can we pick this up after?',
  'Sure, Tuesday 3pm works for me.',
  'Who else on your team should I loop in?',
  'Not a priority for us this quarter, but keep me posted.',
  'Loved your post about async hiring.',
  'Can you share a case study from a company our size?',
  'Just saw this — sorry for the slow reply!',
  'Let me check with my co-founder and get back to you.',
  'Sounds great. Sending a calendar invite now.',
];
const MINE = [
  'Hi! Saw your team is growing fast — worth a quick chat?',
  'Following up on my last note, does next week work?',
  'Here is the deck: short version, 8 slides.',
  'Great to meet you at the meetup yesterday.',
  'Totally understand. I will check back in a month.',
  'Perfect, talk then!',
  'Pricing starts at 49 per seat; happy to walk you through it.',
  'Thanks — looping in my colleague Sam who runs onboarding.',
  'Congrats on the funding round!',
  'Would a 15-minute call on Thursday be easier?',
];

export { prng };

function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface DemoThread {
  conversation: RemoteConversation;
  /** Newest first, like every provider returns them. */
  messages: RemoteMessage[];
}

export const DEMO_SELF_ID = 'demo-me';
export const DEMO_CONVERSATION_COUNT = 240;

/** Builds `count` threads ending before `endAt` (epoch ms), the same for the same seed. */
export function generateDemoThreads(seed: string, endAt: number, count = DEMO_CONVERSATION_COUNT): DemoThread[] {
  const rand = prng(hashSeed(seed));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const threads: DemoThread[] = [];
  // Newest conversation is a few minutes old; the oldest about two months.
  let lastAt = endAt - 4 * 60_000;
  for (let i = 0; i < count; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]!;
    const person: RemoteParticipant = {
      remoteId: `demo-person-${i}`,
      name: `${first} ${last}`,
      headline: pick(HEADLINES),
      company: pick(COMPANIES),
      avatarUrl: null,
      profileUrl: `https://www.linkedin.com/in/${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}-${last.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}-${i}`,
    };
    const length = 1 + Math.floor(rand() ** 2 * 40); // 1..40, most threads short
    const theyWroteLast = rand() < 0.55;
    const messages: RemoteMessage[] = [];
    let at = lastAt;
    for (let m = 0; m < length; m++) {
      // Walk backwards in time; alternate speakers with some runs.
      const fromMe = m === 0 ? !theyWroteLast : rand() < 0.5;
      messages.push({
        remoteId: `demo-msg-${i}-${length - m}`,
        senderRemoteId: fromMe ? DEMO_SELF_ID : person.remoteId,
        text: fromMe ? pick(MINE) : pick(THEIRS),
        sentAt: at,
        fromMe,
      });
      at -= Math.floor(10 * 60_000 + rand() * 30 * 3_600_000);
    }
    const unreadCount = theyWroteLast && rand() < 0.4 ? 1 + Math.floor(rand() * 3) : 0;
    threads.push({
      conversation: {
        remoteId: `demo-conv-${i}`,
        title: person.name,
        participants: [person],
        lastMessage: messages[0]!,
        unreadCount,
        disconnected: false,
      },
      messages,
    });
    lastAt -= Math.floor(5 * 60_000 + rand() * 6 * 3_600_000);
  }
  return threads;
}
