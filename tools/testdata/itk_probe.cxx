#include "itkImageIOFactory.h"
#include "itkImageIOBase.h"
#include <iostream>
#include "itkMetaImageIOFactory.h"
#include "itkNrrdImageIOFactory.h"
#include <vector>
#include <cstdint>
// Prints what ITK's ImageIO reads from a file: dims, size, spacing, origin, direction (rows), components,
// component type, then every value as double (file order, x fastest, components fastest).
int main(int argc, char** argv) {
  itk::MetaImageIOFactory::RegisterOneFactory(); itk::NrrdImageIOFactory::RegisterOneFactory();
  auto io = itk::ImageIOFactory::CreateImageIO(argv[1], itk::ImageIOFactory::IOFileModeEnum::ReadMode);
  if (!io) { std::cerr << "no io\n"; return 2; }
  io->SetFileName(argv[1]);
  io->ReadImageInformation();
  unsigned n = io->GetNumberOfDimensions();
  std::cout.precision(17);
  std::cout << "ndims " << n << "\nsize"; for (unsigned i=0;i<n;i++) std::cout << " " << io->GetDimensions(i);
  std::cout << "\nspacing"; for (unsigned i=0;i<n;i++) std::cout << " " << io->GetSpacing(i);
  std::cout << "\norigin"; for (unsigned i=0;i<n;i++) std::cout << " " << io->GetOrigin(i);
  std::cout << "\ndirection"; for (unsigned r=0;r<n;r++) for (unsigned c=0;c<n;c++) std::cout << " " << io->GetDirection(c)[r];
  std::cout << "\ncomponents " << io->GetNumberOfComponents() << "\ntype " << io->GetComponentTypeAsString(io->GetComponentType()) << "\n";
  itk::ImageIORegion region(n);
  for (unsigned i=0;i<n;i++) { region.SetIndex(i,0); region.SetSize(i, io->GetDimensions(i)); }
  io->SetIORegion(region);
  std::vector<char> buf(io->GetImageSizeInBytes());
  io->Read(buf.data());
  size_t cnt = io->GetImageSizeInComponents();
  std::cout << "values";
  for (size_t i=0;i<cnt;i++) { double v=0; switch (io->GetComponentType()) {
    case itk::IOComponentEnum::UCHAR: v=((uint8_t*)buf.data())[i]; break;
    case itk::IOComponentEnum::CHAR: v=((int8_t*)buf.data())[i]; break;
    case itk::IOComponentEnum::USHORT: v=((uint16_t*)buf.data())[i]; break;
    case itk::IOComponentEnum::SHORT: v=((int16_t*)buf.data())[i]; break;
    case itk::IOComponentEnum::UINT: v=((uint32_t*)buf.data())[i]; break;
    case itk::IOComponentEnum::INT: v=((int32_t*)buf.data())[i]; break;
    case itk::IOComponentEnum::ULONG: case itk::IOComponentEnum::ULONGLONG: v=((uint64_t*)buf.data())[i]; break;
    case itk::IOComponentEnum::LONG: case itk::IOComponentEnum::LONGLONG: v=((int64_t*)buf.data())[i]; break;
    case itk::IOComponentEnum::FLOAT: v=((float*)buf.data())[i]; break;
    case itk::IOComponentEnum::DOUBLE: v=((double*)buf.data())[i]; break;
    default: std::cerr << "type?\n"; return 3; }
    std::cout << " " << v; }
  std::cout << "\n";
}
