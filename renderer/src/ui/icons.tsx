/**
 * A small hand-kept icon set (24-unit stroke icons in the style of Tabler): the renderer ships no icon
 * package, and these are all it needs. Decorative by default (`aria-hidden`); give the control a label.
 */
import type { ReactNode, SVGProps } from 'react';

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number | string };

function make(name: string, body: ReactNode) {
  function Icon({ size = 18, strokeWidth = 1.8, ...rest }: IconProps) {
    return (
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={strokeWidth}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {body}
      </svg>
    );
  }
  Icon.displayName = `Icon${name}`;
  return Icon;
}

export const IconScan = make(
  'Scan',
  <path d="M4 7V6a2 2 0 0 1 2-2h2M4 17v1a2 2 0 0 0 2 2h2M16 4h2a2 2 0 0 1 2 2v1M16 20h2a2 2 0 0 0 2-2v-1M5 12h14" />,
);
export const IconSearch = make(
  'Search',
  <>
    <circle cx="10" cy="10" r="7" />
    <path d="M21 21l-6-6" />
  </>,
);
export const IconUsers = make(
  'Users',
  <>
    <circle cx="9" cy="7" r="4" />
    <path d="M3 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2M16 3.13a4 4 0 0 1 0 7.75M21 21v-2a4 4 0 0 0-3-3.85" />
  </>,
);
export const IconUser = make(
  'User',
  <>
    <circle cx="12" cy="7" r="4" />
    <path d="M6 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2" />
  </>,
);
export const IconShield = make(
  'Shield',
  <path d="M12 3a12 12 0 0 0 8.5 3a12 12 0 0 1-8.5 15a12 12 0 0 1-8.5-15a12 12 0 0 0 8.5-3" />,
);
export const IconShieldCheck = make(
  'ShieldCheck',
  <>
    <path d="M12 3a12 12 0 0 0 8.5 3a12 12 0 0 1-8.5 15a12 12 0 0 1-8.5-15a12 12 0 0 0 8.5-3" />
    <path d="M9 12l2 2l4-4" />
  </>,
);
export const IconList = make('List', <path d="M9 6h11M9 12h11M9 18h11M5 6v.01M5 12v.01M5 18v.01" />);
export const IconLock = make(
  'Lock',
  <>
    <rect x="5" y="11" width="14" height="10" rx="2" />
    <circle cx="12" cy="16" r="1" />
    <path d="M8 11V7a4 4 0 0 1 8 0v4" />
  </>,
);
export const IconLogout = make(
  'Logout',
  <path d="M14 8V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2-2v-2M9 12h12l-3-3M18 15l3-3" />,
);
export const IconSun = make(
  'Sun',
  <>
    <circle cx="12" cy="12" r="4" />
    <path d="M3 12h1M12 3v1M20 12h1M12 20v1M5.6 5.6l.7.7M18.4 5.6l-.7.7M17.7 17.7l.7.7M6.3 17.7l-.7.7" />
  </>,
);
export const IconMoon = make('Moon', <path d="M12 3h.393a7.5 7.5 0 0 0 7.92 12.446A9 9 0 1 1 12 3z" />);
export const IconPlus = make('Plus', <path d="M12 5v14M5 12h14" />);
export const IconBriefcase = make(
  'Briefcase',
  <>
    <rect x="3" y="7" width="18" height="13" rx="2" />
    <path d="M8 7V5a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2M3 13a20 20 0 0 0 18 0" />
  </>,
);
export const IconAlert = make(
  'Alert',
  <>
    <path d="M12 9v4M12 17h.01" />
    <path d="M10.363 3.591l-8.106 13.534a1.914 1.914 0 0 0 1.636 2.871h16.214a1.914 1.914 0 0 0 1.636-2.87L13.637 3.59a1.914 1.914 0 0 0-3.274 0z" />
  </>,
);
export const IconInfo = make(
  'Info',
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 8h.01M11 12h1v4h1" />
  </>,
);
export const IconCheck = make('Check', <path d="M5 12l5 5L20 7" />);
export const IconX = make('X', <path d="M18 6L6 18M6 6l12 12" />);
export const IconDots = make(
  'Dots',
  <>
    <circle cx="5" cy="12" r="1" />
    <circle cx="12" cy="12" r="1" />
    <circle cx="19" cy="12" r="1" />
  </>,
);
export const IconCar = make(
  'Car',
  <>
    <circle cx="7" cy="17" r="2" />
    <circle cx="17" cy="17" r="2" />
    <path d="M5 17H3v-6l2-5h9l4 5h1a2 2 0 0 1 2 2v4h-2M15 17H9M3 11h15M12 11V6" />
  </>,
);
export const IconSchool = make('School', <path d="M22 9L12 5 2 9l10 4 10-4v6M6 10.6V16a6 3 0 0 0 12 0v-5.4" />);
export const IconDownload = make(
  'Download',
  <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2M7 11l5 5 5-5M12 4v12" />,
);
export const IconClock = make(
  'Clock',
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 3" />
  </>,
);
export const IconKey = make(
  'Key',
  <>
    <circle cx="8" cy="15" r="4" />
    <path d="M10.85 12.15L19 4M18 5l2 2M15 8l2 2" />
  </>,
);
export const IconSwitch = make('Switch', <path d="M7 7h13l-4-4M17 17H4l4 4" />);
export const IconChevronDown = make('ChevronDown', <path d="M6 9l6 6 6-6" />);
export const IconChevronLeft = make('ChevronLeft', <path d="M15 6l-6 6 6 6" />);
export const IconChevronRight = make('ChevronRight', <path d="M9 6l6 6-6 6" />);
export const IconBan = make(
  'Ban',
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M5.7 5.7l12.6 12.6" />
  </>,
);
export const IconLink = make(
  'Link',
  <path d="M9 15l6-6M11 6l.463-.536a5 5 0 0 1 7.071 7.072L18 13M13 18l-.397.534a5.068 5.068 0 0 1-7.127 0a4.972 4.972 0 0 1 0-7.071L6 11" />,
);
export const IconRefresh = make(
  'Refresh',
  <path d="M20 11A8.1 8.1 0 0 0 4.5 9M4 5v4h4M4 13a8.1 8.1 0 0 0 15.5 2M20 19v-4h-4" />,
);
export const IconPencil = make('Pencil', <path d="M4 20h4L18.5 9.5a2.828 2.828 0 1 0-4-4L4 16v4M13.5 6.5l4 4" />);

// Map and detection detail (features/map, features/detail).
export const IconRadius = make(
  'Radius',
  <>
    <circle cx="12" cy="12" r="9" strokeDasharray="3 2.5" />
    <circle cx="12" cy="12" r="1.5" />
    <path d="M12 12h9" />
  </>,
);
export const IconPolygon = make(
  'Polygon',
  <>
    <path d="M12 4l8 6-3 9H7L4 10z" />
    <circle cx="12" cy="4" r="1.2" />
    <circle cx="20" cy="10" r="1.2" />
    <circle cx="4" cy="10" r="1.2" />
  </>,
);
export const IconTrash = make(
  'Trash',
  <path d="M4 7h16M10 11v6M14 11v6M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />,
);
export const IconFocus = make(
  'Focus',
  <>
    <path d="M4 8V6a2 2 0 0 1 2-2h2M4 16v2a2 2 0 0 0 2 2h2M16 4h2a2 2 0 0 1 2 2v2M16 20h2a2 2 0 0 0 2-2v-2" />
    <circle cx="12" cy="12" r="3" />
  </>,
);
export const IconZoomIn = make(
  'ZoomIn',
  <>
    <circle cx="10" cy="10" r="7" />
    <path d="M7 10h6M10 7v6M21 21l-6-6" />
  </>,
);
export const IconZoomOut = make(
  'ZoomOut',
  <>
    <circle cx="10" cy="10" r="7" />
    <path d="M7 10h6M21 21l-6-6" />
  </>,
);
export const IconPhotoOff = make(
  'PhotoOff',
  <path d="M3 3l18 18M8 4h10a2 2 0 0 1 2 2v10M20 20H6a2 2 0 0 1-2-2V6M4 16l5-5 3 3M14 10l1-1 5 5" />,
);
export const IconSettings = make(
  'Settings',
  <>
    <path d="M10.3 4.3c.4-1.8 3-1.8 3.4 0a1.7 1.7 0 0 0 2.6 1.1c1.5-.9 3.3.8 2.4 2.4a1.7 1.7 0 0 0 1 2.5c1.8.5 1.8 3 0 3.5a1.7 1.7 0 0 0-1 2.6c.9 1.5-.9 3.3-2.4 2.4a1.7 1.7 0 0 0-2.6 1c-.4 1.8-3 1.8-3.4 0a1.7 1.7 0 0 0-2.6-1c-1.5.9-3.3-.9-2.4-2.4a1.7 1.7 0 0 0-1-2.6c-1.8-.4-1.8-3 0-3.4a1.7 1.7 0 0 0 1-2.6c-.9-1.5.9-3.3 2.4-2.4a1.7 1.7 0 0 0 2.6-1z" />
    <circle cx="12" cy="12" r="3" />
  </>,
);
export const IconMap = make('Map', <path d="M3 7l6-3 6 3 6-3v13l-6 3-6-3-6 3V7M9 4v13M15 7v13" />);
export const IconFolder = make(
  'Folder',
  <path d="M5 4h4l3 3h7a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2" />,
);
export const IconRoute = make(
  'Route',
  <>
    <circle cx="6" cy="19" r="2" />
    <circle cx="18" cy="5" r="2" />
    <path d="M12 19h4.5a3.5 3.5 0 0 0 0-7h-8a3.5 3.5 0 0 1 0-7H12" />
  </>,
);
export const IconStack = make('Stack', <path d="M12 4L4 8l8 4 8-4-8-4M4 12l8 4 8-4M4 16l8 4 8-4" />);
export const IconCopy = make(
  'Copy',
  <>
    <rect x="8" y="8" width="12" height="12" rx="2" />
    <path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" />
  </>,
);
export const IconCalendar = make(
  'Calendar',
  <>
    <rect x="4" y="5" width="16" height="16" rx="2" />
    <path d="M16 3v4M8 3v4M4 11h16M8 15h2M14 15h2" />
  </>,
);
